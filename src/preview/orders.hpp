#pragma once
// Orders as if filled: the price each fills at, and the account after.
//
// An order fills at its limit price, or else at the instrument's mark, and the account after is
// the account after that fill:
// - options: a buy pays its premium at the fill price from the settlement asset's balance, a sell
//   is credited it (a short option's margin adds its mark because the premium was credited: not
//   crediting it would count the mark twice). Buying one option at 250 costs 250 of balance and
//   adds no margin.
// - futures and perpetuals: what an order closes realises its P&L at the fill price into the
//   settlement asset.
// An order that adds to a position averages its entry price with the fill price: by coins for
// options and linear contracts, and harmonically for inverse futures and perpetuals (their sizes
// are USD: 10,000 at 100,000 and 10,000 at 50,000 are 0.3 BTC, entry 66,666.67), so that the
// position's P&L is its lots'.
// - spot: balances only.
// Isolated mode: what an order closes releases its share of the position's margin (closing half
// releases half); what it opens (an increase, or the new side after a flip) adds its margin, in
// the settlement currency: the order's isolatedMargin, else notional at the fill price / its
// leverage (futures and perpetuals; within the schedule's maximum, 1 / the IM rate at that size),
// else the initial margin of what it opens and, when it adds to a position, at least what the
// position's initial margin grows by (IM rates grow with size: a position held at its IM stays
// at it, and two orders add the margin of the one they add up to). An isolatedMargin on an
// order that opens nothing tops the position up.
#include <set>
#include <string>
#include <vector>

#include "account/account.hpp"
#include "common/status.hpp"
#include "market/market_snapshot.hpp"
#include "preview/preview_types.hpp"

namespace marginkit {

// Mark of an instrument in its own quote (USD; coins for inverse option premiums). Errors name
// `field`.instrument (no market data, expired, no vol), or market.markPrices.<name> for a given
// mark that no vol reproduces.
Status instrument_mark(const Instrument& instrument, const MarketSnapshot& market, const RiskConfig& risk,
                       const std::string& field, double& mark);

// `orders` with each fill price set: its limit price, or else the mark. Every instrument is
// valued, so that one the market cannot price is an error on orders[i].instrument whatever the
// order's price.
Status price_orders(const std::vector<Order>& orders, const MarketSnapshot& market, const RiskConfig& risk,
                    std::vector<Order>& priced);

// The account after the orders fill (see the header comment for the rules).
Status apply_orders(const Account& account, const MarketSnapshot& market,
                    const std::vector<Order>& orders, const RiskConfig& risk, Account& after);

// The names of the instruments the orders trade.
std::set<std::string> ordered_instruments(const std::vector<Order>& orders);

// The positions of `account` named in `names`, and all its collateral: the part of an account
// that orders on those instruments change.
Account part_of(const Account& account, const std::set<std::string>& names);

}  // namespace marginkit
