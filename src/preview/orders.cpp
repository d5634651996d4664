#include "preview/orders.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "account/collateral.hpp"
#include "common/checks.hpp"
#include "common/number_text.hpp"
#include "margin/position_valuation.hpp"
#include "portfolio/derive_pm2_account.hpp"

namespace marginkit {

namespace {

// `usd` in a position's settlement currency, raised where the conversion alone (not the amount)
// would leave it a few ulps short of `usd` once converted back: an order given exactly its
// initial margin must not be refused because x / index * index < x (issue 9: 10 USD of an inverse
// perpetual at 10x was rejected with isolated equity 0.9999999999999999 against an IM of 1).
double isolated_margin_covering(const Instrument& instrument, double usd, double index) {
  double margin = isolated_margin_from_usd(instrument, usd, index);
  Position probe;
  probe.instrument = instrument;
  for (int i = 0; i < 8; ++i) {
    probe.isolated_margin = margin;
    if (isolated_margin_usd(probe, index) >= usd) break;
    margin = std::nextafter(margin, std::numeric_limits<double>::infinity());
  }
  return margin;
}

// What the part of an order that opens `opened` contracts (signed) at `price` costs in isolated
// margin, in its settlement currency: the order's isolatedMargin, else its notional / leverage,
// else the initial margin of that part alone.
Status opening_margin(const Order& order, double opened, double price, const MarketSnapshot& market,
                      const RiskConfig& risk, const std::string& field, double& margin) {
  if (!std::isnan(order.isolated_margin)) {
    margin = order.isolated_margin;
    return Status::success();
  }
  Position part;
  part.instrument = order.instrument;
  part.size = opened;
  part.entry_price = price;
  part.isolated_margin = 0.0;
  PreparedPosition prepared;
  if (auto s = prepare_position(part, market, field, prepared); !s.ok()) return s;
  const PositionValue v = value_position(prepared, risk.schedule, 1.0, false);
  double usd = v.initial_margin_usd;
  if (!std::isnan(order.leverage)) {
    // The schedule's maximum is the notional its initial margin allows: 1 / the IM rate at this size.
    const double max_leverage = v.initial_margin_usd > 0.0 ? v.notional_usd / v.initial_margin_usd : kMaxLeverage;
    const double limit = std::min(max_leverage, kMaxLeverage);
    if (order.leverage > limit * (1.0 + 1e-12)) {
      return Status::error(ErrorCode::OUT_OF_RANGE, field + ".leverage",
                           field + ".leverage must lie within (0, " + format_number(limit) + "] (the schedule's " +
                               "initial margin for this size), got " + format_number(order.leverage));
    }
    // Notional at the fill price: USD for inverse contracts (their size), coins x price otherwise.
    const double notional_usd = order.instrument.is_inverse()
                                    ? std::fabs(opened) * v.index / price
                                    : std::fabs(opened) * price;
    // At the maximum leverage the margin is the initial margin, whatever the rounding.
    usd = order.leverage >= limit ? std::max(usd, notional_usd / order.leverage) : notional_usd / order.leverage;
  }
  margin = isolated_margin_covering(order.instrument, usd, v.index);
  return Status::success();
}

// The initial margins of a position before an order (`held`) and after it (`changed`, on the
// same side), in USD, and its index.
struct InitialMargins {
  double before_usd = 0.0;
  double after_usd = 0.0;
  double index = 0.0;
};
Status initial_margins(const Position& held, const Position& changed, const MarketSnapshot& market,
                       const RiskConfig& risk, const std::string& field, InitialMargins& out) {
  PreparedPosition prepared;  // prepared once: it depends on the instrument and the market only
  if (auto s = prepare_position(held, market, field, prepared); !s.ok()) return s;
  out.before_usd = value_position(prepared, risk.schedule, 1.0, false).initial_margin_usd;
  prepared.set_position(changed);
  const PositionValue v = value_position(prepared, risk.schedule, 1.0, false);
  out.after_usd = v.initial_margin_usd;
  out.index = v.index;
  return Status::success();
}

// A position held at its IM or above stays there after an order that grows it by the default
// margin or closes part of it: its margin is raised by the few ulps that rounding (a share of
// margin x (1 - closed / size), a sum of margins) can take it below the IM after.
void keep_at_initial_margin(const Position& held, const InitialMargins& im, Position& changed) {
  if (!(isolated_margin_usd(held, im.index) >= im.before_usd)) return;
  for (int i = 0; i < 8 && isolated_margin_usd(changed, im.index) < im.after_usd; ++i) {
    changed.isolated_margin = std::nextafter(changed.isolated_margin, std::numeric_limits<double>::infinity());
  }
}

// An order's leverage: isolated futures and perpetuals only, one of leverage and isolatedMargin.
Status check_leverage(const Order& order, MarginMode mode, const std::string& field) {
  if (std::isnan(order.leverage)) return Status::success();
  const std::string name = field + ".leverage";
  if (mode != MarginMode::isolated) {
    return Status::error(ErrorCode::UNSUPPORTED_FIELD, name, name + " is for isolated accounts (account.mode 'isolated')");
  }
  const InstrumentKind kind = order.instrument.kind;
  if (kind != InstrumentKind::future && kind != InstrumentKind::perpetual) {
    return Status::error(ErrorCode::UNSUPPORTED_FIELD, name,
                         name + " is for futures and perpetuals; give an option's margin as isolatedMargin");
  }
  if (!std::isnan(order.isolated_margin)) {
    return Status::error(ErrorCode::UNSUPPORTED_FIELD, name, name + ": give isolatedMargin or leverage, not both");
  }
  return check_positive(order.leverage, name, kMinLeverage, kMaxLeverage);
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
    if (account.mode != MarginMode::isolated && !std::isnan(order.isolated_margin)) {
      return Status::error(ErrorCode::UNSUPPORTED_FIELD, field + ".isolatedMargin",
                           field + ".isolatedMargin is for isolated accounts (account.mode 'isolated')");
    }
    if (!std::isnan(order.isolated_margin)) {
      if (auto s = check_positive(order.isolated_margin, field + ".isolatedMargin", 0.0, kMaxAmount); !s.ok()) return s;
    }
    if (auto s = check_leverage(order, account.mode, field); !s.ok()) return s;
    if (account.mode == MarginMode::portfolio && risk.portfolio.derive_pm2) {
      if (auto s = check_derive_pm2_instrument(order.instrument, field + ".instrument"); !s.ok()) return s;
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
    const Position held = position;  // as it was before this order
    const double old_size = position.size;
    // Sizes given in decimal do not add exactly in binary: closing 0.3 as 0.1 then 0.2 leaves
    // -2.8e-17, which would stay as a flipped dust position (and a FLIPS_POSITION warning). A
    // remainder within a few ulps of the sizes added is their rounding, not a position.
    const double sum = old_size + signed_size;
    const double new_size =
        std::fabs(sum) <= 4.0 * std::numeric_limits<double>::epsilon() * std::max(std::fabs(old_size), std::fabs(signed_size))
            ? 0.0
            : sum;
    const bool increases = old_size == 0.0 || (old_size > 0.0) == (signed_size > 0.0);
    const double closed = increases ? 0.0 : std::min(std::fabs(signed_size), std::fabs(old_size));
    if (instrument.is_option()) {
      // As filled: a buy pays its premium at the fill price, a sell is credited it. The short
      // option's margin adds its mark because the premium was credited (otherwise the mark
      // would count twice).
      balance_of(result, instrument.settlement_asset).amount -= signed_size * price;
    } else if (closed > 0.0) {
      const double direction = old_size > 0.0 ? 1.0 : -1.0;
      const double realised = instrument.is_inverse()
                                  ? direction * closed * (1.0 / position.entry_price - 1.0 / price)
                                  : direction * closed * (price - position.entry_price);
      balance_of(result, instrument.settlement_asset).amount += realised;
    }
    if (old_size == 0.0) {
      position.entry_price = price;  // exactly: size x price / size need not be price
    } else if (increases && price != position.entry_price) {  // at its entry price it stays, exactly
      // The average of what was bought: coins at their prices, or for inverse futures and
      // perpetuals (sized in USD) USD at theirs, whose coins (size / price) add up: a harmonic mean,
      // under which P&L = size (1 / entry - 1 / mark) is the sum of the lots' P&L.
      const double a = std::fabs(old_size), b = std::fabs(signed_size);
      position.entry_price = instrument.is_inverse() && !instrument.is_option()
                                 ? std::fabs(new_size) / (a / position.entry_price + b / price)
                                 : (a * position.entry_price + b * price) / std::fabs(new_size);
    } else if (new_size * old_size < 0.0) {
      position.entry_price = price;  // flipped: the remainder opened at this price
    }
    position.size = new_size;
    if (account.mode == MarginMode::isolated) {
      // What the order closes gives back its share of the margin; what it opens brings its own.
      if (std::isnan(position.isolated_margin)) position.isolated_margin = 0.0;
      if (closed > 0.0) position.isolated_margin *= 1.0 - closed / std::fabs(old_size);
      const double opened = increases ? signed_size : (new_size * old_size < 0.0 ? new_size : 0.0);
      const bool by_default = std::isnan(order.isolated_margin) && std::isnan(order.leverage);
      const bool grown = increases && old_size != 0.0 && by_default;
      const bool partly_closed = closed > 0.0 && new_size * old_size > 0.0;
      InitialMargins im;
      if (grown || partly_closed) {
        if (auto s = initial_margins(held, position, market, risk, field, im); !s.ok()) return s;
      }
      if (opened != 0.0 || !std::isnan(order.isolated_margin)) {
        double margin = 0.0;
        if (auto s = opening_margin(order, opened, price, market, risk, field, margin); !s.ok()) return s;
        if (grown) {
          // IM rates grow with size (Deribit's per 100 coins, tier tables): the IM of the part
          // alone would leave the position short of its own, and two orders would be judged
          // apart from the one they add up to. At least what the position's IM grows by.
          Position probe = position;
          probe.isolated_margin = margin;
          if (isolated_margin_usd(probe, im.index) < im.after_usd - im.before_usd) {
            margin = isolated_margin_covering(instrument, im.after_usd - im.before_usd, im.index);
          }
        }
        position.isolated_margin += margin;
      }
      if (grown || partly_closed) keep_at_initial_margin(held, im, position);
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
