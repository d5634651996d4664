#pragma once
// Collateral in USD: what an asset is worth in a market, what a balance adds to equity, and what
// a position's isolated margin is worth (inverse instruments hold theirs in coins). Every place
// that turns collateral into USD calls these, so that a rule changes in one place: another
// stablecoin, a haircut rule (there is none: a balance counts at its price, which
// market.collateralPrices may set below the index, as a haircut).
#include <string>

#include "account/account.hpp"
#include "common/status.hpp"
#include "market/market_snapshot.hpp"

namespace marginkit {

// USD price of a collateral asset: market.collateralPrices, else the index of the underlying of
// that name, else 1 for USD/USDC/USDT; MISSING_MARKET_DATA (on `field`) otherwise.
Status collateral_price(const MarketSnapshot& market, const std::string& asset, const std::string& field,
                        double& price);

// A balance with its price in one market, worked out once (an account is valued many times).
struct PreparedCollateral {
  const CollateralBalance* balance = nullptr;
  double price = 0.0;      // USD per unit in the snapshot
  std::string underlying;  // the market whose index moves this price; empty for stablecoins
  // price / that market's index: a move of the index by dS moves a unit's USD value by this x dS
  // (collateral_value_usd), so a unit counts in delta as this many coins (1 at the index, 0.9
  // with a 10 % haircut). 0 for stablecoins.
  double coins_per_unit = 0.0;
};

// Errors name account.collateral.<asset>.
Status prepare_collateral(const CollateralBalance& balance, const MarketSnapshot& market, PreparedCollateral& out);

// USD value of a balance with its underlying's index moved by `index_ratio` (1: the snapshot;
// a stablecoin's callers pass 1). Inline: liquidation searches call it at every index level.
inline double collateral_value_usd(const PreparedCollateral& collateral, double index_ratio = 1.0) {
  return collateral.balance->amount * collateral.price * index_ratio;
}

// d collateral_value_usd / d index of its underlying: the balance's delta, in coins.
inline double collateral_delta_coins(const PreparedCollateral& collateral) {
  return collateral.balance->amount * collateral.coins_per_unit;
}

// The account's balance of `asset`, added at 0 when it holds none (orders move balances), in
// name order among the others: the order the account reader gives them, so that an account after
// orders adds its balances up as the same account read back does, to the last bit.
CollateralBalance& balance_of(Account& account, const std::string& asset);
// What the account holds of `asset`: 0 when it holds none.
double amount_held(const Account& account, const std::string& asset);

// A position's isolated margin (its settlement currency: USD for linear instruments, coins for
// inverse ones) in USD at `index`, and back: USD -> its settlement currency.
inline double isolated_margin_usd(const Position& position, double index) {
  return position.instrument.is_inverse() ? position.isolated_margin * index : position.isolated_margin;
}
inline double isolated_margin_from_usd(const Instrument& instrument, double usd, double index) {
  return instrument.is_inverse() ? usd / index : usd;
}

}  // namespace marginkit
