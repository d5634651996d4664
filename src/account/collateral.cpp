#include "account/collateral.hpp"

#include <utility>

namespace marginkit {

namespace {

bool is_usd_like(const std::string& asset) { return asset == "USD" || asset == "USDC" || asset == "USDT"; }

}  // namespace

Status collateral_price(const MarketSnapshot& market, const std::string& asset, const std::string& field,
                        double& price) {
  const auto given = market.collateral_prices.find(asset);
  const auto underlying = market.underlyings.find(asset);
  if (given != market.collateral_prices.end()) {
    price = given->second;
  } else if (underlying != market.underlyings.end()) {
    price = underlying->second.index_price;
  } else if (is_usd_like(asset)) {
    price = 1.0;
  } else {
    return Status::error(ErrorCode::MISSING_MARKET_DATA, field,
                         "no price for collateral asset " + asset + " (market.collateralPrices." + asset + ")");
  }
  return Status::success();
}

Status prepare_collateral(const CollateralBalance& balance, const MarketSnapshot& market, PreparedCollateral& out) {
  PreparedCollateral prepared;
  prepared.balance = &balance;
  if (auto s = collateral_price(market, balance.asset, "account.collateral." + balance.asset, prepared.price);
      !s.ok()) {
    return s;
  }
  // A coin with a market moves with its index, even when collateralPrices fixes its price now.
  if (const auto underlying = market.underlyings.find(balance.asset); underlying != market.underlyings.end()) {
    prepared.underlying = balance.asset;
    prepared.coins_per_unit = prepared.price / underlying->second.index_price;
  }
  out = std::move(prepared);
  return Status::success();
}

CollateralBalance& balance_of(Account& account, const std::string& asset) {
  auto& balances = account.collateral;
  for (auto& balance : balances) {
    if (balance.asset == asset) return balance;
  }
  // Appended, then moved back past the names after it (a few balances: no vector::insert).
  balances.push_back(CollateralBalance{asset, 0.0});
  std::size_t i = balances.size() - 1;
  for (; i > 0 && asset < balances[i - 1].asset; --i) std::swap(balances[i], balances[i - 1]);
  return balances[i];
}

double amount_held(const Account& account, const std::string& asset) {
  for (const auto& balance : account.collateral) {
    if (balance.asset == asset) return balance.amount;
  }
  return 0.0;
}

}  // namespace marginkit
