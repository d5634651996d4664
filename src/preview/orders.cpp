#include "preview/orders.hpp"

#include <algorithm>
#include <cmath>

#include "account/collateral.hpp"
#include "common/checks.hpp"
#include "margin/position_valuation.hpp"

namespace marginkit {

namespace {

// Isolated margin of a position that was given none: its initial margin, settlement currency.
Status assign_isolated_margin(Position& position, const MarketSnapshot& market, const RiskConfig& risk,
                              const std::string& field) {
  PreparedPosition prepared;
  Position copy = position;
  copy.isolated_margin = 0.0;
  if (auto s = prepare_position(copy, market, field, prepared); !s.ok()) return s;
  const PositionValue v = value_position(prepared, risk.schedule, 1.0, false);
  position.isolated_margin = isolated_margin_from_usd(position.instrument, v.initial_margin_usd, v.index);
  return Status::success();
}

}  // namespace

Status instrument_mark(const Instrument& instrument, const MarketSnapshot& market,
                       const RiskConfig& risk, const std::string& field, double& mark) {
  Position probe;
  probe.instrument = instrument;
  probe.size = 1.0;
  probe.entry_price = 1.0;
  PreparedPosition prepared;
  if (auto s = prepare_position(probe, market, field, prepared); !s.ok()) return s;
  mark = value_position(prepared, risk.schedule, 1.0, false).mark;
  return Status::success();
}

Status apply_orders(const Account& account, const MarketSnapshot& market,
                    const std::vector<Order>& orders, const RiskConfig& risk, Account& after) {
  Account result = account;
  for (std::size_t i = 0; i < orders.size(); ++i) {
    const Order& order = orders[i];
    const std::string field = "orders[" + std::to_string(i) + "]";
    if (auto s = check_positive(order.size, field + ".size", 1e-12, kMaxPrice); !s.ok()) return s;
    if (account.mode == MarginMode::cross && !std::isnan(order.isolated_margin)) {
      return Status::error(ErrorCode::UNSUPPORTED_FIELD, field + ".isolatedMargin",
                           field + ".isolatedMargin is for isolated accounts (account.mode 'isolated')");
    }
    double price = order.price;
    if (std::isnan(price)) {
      if (auto s = instrument_mark(order.instrument, market, risk, field, price); !s.ok()) return s;
    } else if (!(price >= 0.0 && price <= kMaxPrice)) {
      // A limit price from the JSON door is already within [kMinPrice, kMaxPrice]; a fill price
      // may also be a mark, which can be far below kMinPrice (a call struck at 10x the forward)
      // or 0 where it underflows.
      return Status::error(ErrorCode::OUT_OF_RANGE, field + ".price",
                           field + ".price must lie within [0, " + format_number(kMaxPrice) + "], got " +
                               format_number(price));
    }
    const Instrument& instrument = order.instrument;
    const double signed_size = static_cast<double>(order.side) * order.size;
    if (instrument.kind == InstrumentKind::spot) {
      // Spot trades move balances: coins in, settlement asset out (or the reverse).
      balance_of(result, instrument.underlying).amount += signed_size;
      balance_of(result, instrument.settlement_asset).amount -= signed_size * price;
      continue;
    }
    auto found = std::find_if(result.positions.begin(), result.positions.end(),
                              [&](const Position& p) { return p.instrument.name == instrument.name; });
    if (found == result.positions.end()) {
      Position fresh;
      fresh.instrument = instrument;
      result.positions.push_back(fresh);
      found = result.positions.end() - 1;
    }
    Position& position = *found;
    const double old_size = position.size;
    const double new_size = old_size + signed_size;
    const bool increases = old_size == 0.0 || (old_size > 0.0) == (signed_size > 0.0);
    const double closed = increases ? 0.0 : std::min(std::fabs(signed_size), std::fabs(old_size));
    if (instrument.is_option()) {
      // Buys pay the premium now; an unfilled sell is not credited (conservative).
      if (signed_size > 0.0) balance_of(result, instrument.settlement_asset).amount -= signed_size * price;
    } else if (closed > 0.0) {
      const double direction = old_size > 0.0 ? 1.0 : -1.0;
      const double realised = instrument.is_inverse()
                                  ? direction * closed * (1.0 / position.entry_price - 1.0 / price)
                                  : direction * closed * (price - position.entry_price);
      balance_of(result, instrument.settlement_asset).amount += realised;
    }
    if (increases) {
      position.entry_price =
          (std::fabs(old_size) * position.entry_price + std::fabs(signed_size) * price) / std::fabs(new_size);
    } else if (new_size * old_size < 0.0) {
      position.entry_price = price;  // flipped: the remainder opened at this price
    }
    position.size = new_size;
    if (account.mode == MarginMode::isolated) {
      if (!std::isnan(order.isolated_margin)) {
        if (auto s = check_positive(order.isolated_margin, field + ".isolatedMargin", 0.0, kMaxPrice); !s.ok()) return s;
        position.isolated_margin = (std::isnan(position.isolated_margin) ? 0.0 : position.isolated_margin) +
                                   order.isolated_margin;
      } else if (std::isnan(position.isolated_margin)) {
        if (auto s = assign_isolated_margin(position, market, risk, field); !s.ok()) return s;
      }
    }
  }
  result.positions.erase(std::remove_if(result.positions.begin(), result.positions.end(),
                                        [](const Position& p) { return p.size == 0.0; }),
                         result.positions.end());
  after = std::move(result);
  return Status::success();
}

Status price_orders(const std::vector<Order>& orders, const MarketSnapshot& market, const RiskConfig& risk,
                    std::vector<Order>& priced) {
  std::vector<Order> result = orders;
  for (std::size_t i = 0; i < result.size(); ++i) {
    double mark = 0.0;
    if (auto s = instrument_mark(result[i].instrument, market, risk, "orders[" + std::to_string(i) + "]", mark);
        !s.ok()) {
      return s;
    }
    if (std::isnan(result[i].price)) result[i].price = mark;
  }
  priced = std::move(result);
  return Status::success();
}

std::set<std::string> ordered_instruments(const std::vector<Order>& orders) {
  std::set<std::string> names;
  for (const auto& order : orders) names.insert(order.instrument.name);
  return names;
}

Account part_of(const Account& account, const std::set<std::string>& names) {
  Account part;
  part.mode = account.mode;
  part.collateral = account.collateral;
  for (const auto& p : account.positions) {
    if (names.count(p.instrument.name)) part.positions.push_back(p);
  }
  return part;
}

}  // namespace marginkit
