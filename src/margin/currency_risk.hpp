#pragma once
// An account's figures per currency, each in that currency's own units, beside the USD totals:
// what each coin's sub-account shows at Deribit, where the account's status pools everything in
// USD (cross margin) and these are for reading, not for judging.
//
// One entry per collateral asset and per settlement currency of a position (the coin of an
// inverse instrument; USDC or USDT of a linear one), sorted by name:
//   balance     the collateral held of it
//   equity      balance + the value of the positions settled in it: options long +, short -,
//               futures and perpetuals their P&L
//   initial / maintenance margin   of the positions settled in it
//   available   as the USD total's: cross, equity - initial margin; isolated, the balance no
//               position holds (balance - the isolated margins of the positions settled in it)
// Inverse positions count as Deribit states them in coins: options size x mark, futures
// size x (1/entry - 1/mark). Their margins are value_position's coin margins, which it turns
// into USD at the index: divided by that same index they come back to the last bit or so.
// A linear instrument's USD figures are already in its settlement currency (its quote).
// `index`, USD per unit: the coin's index when it has a market, else the asset's collateral
// price (USDC, USDT: 1 unless market.collateralPrices says otherwise). With every collateral
// price at its index, the entries' figures x index add up to the USD totals (equity, IM, MM,
// available).
#include <vector>

#include "margin/account_risk.hpp"

namespace marginkit {

std::vector<CurrencyRisk> currency_risk(const PreparedAccount& prepared, const RowAddresses& rows);

}  // namespace marginkit
