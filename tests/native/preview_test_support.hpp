#pragma once
// Orders and accounts in one line each, for the preview and prepared account tests.
#include <limits>
#include <string>
#include <vector>

#include "margin_test_support.hpp"
#include "preview/trade_preview.hpp"

namespace marginkit::test {

inline constexpr OrderSide kBuy = OrderSide::buy;
inline constexpr OrderSide kSell = OrderSide::sell;

// price NaN: at the mark; iso NaN: the position's initial margin (isolated mode).
inline Order order(const std::string& name, OrderSide side, double size,
                   double price = std::numeric_limits<double>::quiet_NaN(),
                   double iso = std::numeric_limits<double>::quiet_NaN()) {
  Order o;
  o.instrument = instrument(name);
  o.side = side;
  o.size = size;
  o.price = price;
  o.isolated_margin = iso;
  return o;
}

inline Account acct(std::vector<CollateralBalance> collateral, std::vector<Position> positions,
                    MarginMode mode = MarginMode::cross) {
  Account a;
  a.mode = mode;
  a.collateral = std::move(collateral);
  a.positions = std::move(positions);
  return a;
}

}  // namespace marginkit::test
