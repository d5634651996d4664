#include "preview/trade_preview.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "common/checks.hpp"

namespace marginkit {

namespace {

CollateralBalance& balance_of(Account& account, const std::string& asset) {
  for (auto& balance : account.collateral) {
    if (balance.asset == asset) return balance;
  }
  account.collateral.push_back(CollateralBalance{asset, 0.0});
  return account.collateral.back();
}

// Mark of an instrument in its own quote (USD; coins for inverse option premiums).
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

double default_increment(const Instrument& instrument) {
  if (instrument.is_option()) return 0.01;
  if (instrument.is_inverse()) return 10.0;
  return 0.0001;
}

// Isolated margin of a position that was given none: its initial margin, settlement currency.
Status assign_isolated_margin(Position& position, const MarketSnapshot& market, const RiskConfig& risk,
                              const std::string& field) {
  PreparedPosition prepared;
  Position copy = position;
  copy.isolated_margin = 0.0;
  if (auto s = prepare_position(copy, market, field, prepared); !s.ok()) return s;
  const PositionValue v = value_position(prepared, risk.schedule, 1.0, false);
  position.isolated_margin = position.instrument.is_inverse() ? v.initial_margin_usd / v.index
                                                              : v.initial_margin_usd;
  return Status::success();
}

// No position grows or flips (sizes compared by instrument name).
bool is_risk_reducing(const Account& before, const Account& after) {
  std::map<std::string, double> old_sizes;
  for (const auto& q : before.positions) old_sizes[q.instrument.name] = q.size;
  for (const auto& p : after.positions) {
    const auto found = old_sizes.find(p.instrument.name);
    const double old_size = found == old_sizes.end() ? 0.0 : found->second;
    const bool grows = std::fabs(p.size) > std::fabs(old_size) + 1e-12;
    const bool flips = p.size * old_size < 0.0 || (old_size == 0.0 && p.size != 0.0);
    if (grows || flips) return false;
  }
  return true;
}

bool acceptable(MarginStatus status) {
  return status == MarginStatus::healthy || status == MarginStatus::warning;
}

// The part of an account an evaluation leaves out and holds fixed (the max-size search revalues
// only the order's own position and the collateral, not the whole book at every trial size).
struct FixedPart {
  double equity = 0.0;
  double initial = 0.0;
  double maintenance = 0.0;
  double isolated_margin_usd = 0.0;
  MarginStatus worst_isolated = MarginStatus::healthy;
};

struct Evaluation {
  AccountRisk risk;  // of the evaluated part only
  bool accepted = false;
  bool reduces_risk = false;
  double free_collateral_usd = 0.0;  // isolated mode: collateral not assigned to positions
  std::string overdrawn_asset;       // an asset the orders spend more of than the account holds
  double overdrawn_amount = 0.0;     // by how much, in units of the asset (> 0)
};

// Premiums and spot purchases are paid from balances: none may end below zero (there is no
// borrowing), whatever margin other collateral leaves.
void find_overdraft(const Account& before, const Account& after, Evaluation& out) {
  for (const auto& balance : after.collateral) {
    double held = 0.0;
    for (const auto& b : before.collateral) {
      if (b.asset == balance.asset) held = b.amount;
    }
    if (balance.amount < -1e-12 && balance.amount < held) {
      out.overdrawn_asset = balance.asset;
      out.overdrawn_amount = -balance.amount;
      return;
    }
  }
}

double isolated_margin_usd(const PreparedAccount& prepared, const AccountRisk& risk) {
  double total = 0.0;
  for (std::size_t i = 0; i < prepared.positions.size(); ++i) {
    const Position& position = *prepared.positions[i].position;
    total += position.instrument.is_inverse() ? position.isolated_margin * risk.positions[i].value.index
                                              : position.isolated_margin;
  }
  return total;
}

// Judges `after` (the evaluated part, plus `fixed`) against `before` (the same part).
Status evaluate(const Account& before, double maintenance_before, const Account& after,
                const MarketSnapshot& market, const RiskConfig& config, const FixedPart& fixed,
                Evaluation& out) {
  PreparedAccount prepared;
  if (auto s = prepare_account(after, market, prepared); !s.ok()) return s;
  out.risk = account_risk(prepared, config);
  out.reduces_risk = is_risk_reducing(before, after) &&
                     out.risk.maintenance_margin_usd <= maintenance_before + 1e-9;
  MarginStatus status;
  out.free_collateral_usd = 0.0;
  if (after.mode == MarginMode::isolated) {
    // The isolated margins must come out of the collateral.
    out.free_collateral_usd = out.risk.collateral_usd - fixed.isolated_margin_usd -
                              isolated_margin_usd(prepared, out.risk);
    status = std::max(fixed.worst_isolated, out.risk.status);
  } else {
    status = classify(fixed.equity + out.risk.equity_usd, fixed.initial + out.risk.initial_margin_usd,
                      fixed.maintenance + out.risk.maintenance_margin_usd, config.warning_ratio);
  }
  find_overdraft(before, after, out);
  out.accepted = out.overdrawn_asset.empty() &&
                 (out.reduces_risk || (acceptable(status) && out.free_collateral_usd >= -1e-9));
  return Status::success();
}

}  // namespace

Status apply_orders(const Account& account, const MarketSnapshot& market,
                    const std::vector<Order>& orders, const RiskConfig& risk, Account& after) {
  Account result = account;
  for (std::size_t i = 0; i < orders.size(); ++i) {
    const Order& order = orders[i];
    const std::string field = "orders[" + std::to_string(i) + "]";
    if (auto s = check_positive(order.size, field + ".size", 1e-12, kMaxPrice); !s.ok()) return s;
    double price = order.price;
    if (std::isnan(price)) {
      if (auto s = instrument_mark(order.instrument, market, risk, field, price); !s.ok()) return s;
    } else if (auto s = check_positive(price, field + ".price", kMinPrice, kMaxPrice); !s.ok()) {
      return s;
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

Status preview_trade(const Account& account, const MarketSnapshot& market,
                     const std::vector<Order>& orders, const PreviewConfig& config,
                     TradePreview& out) {
  if (orders.empty()) {
    return Status::error(ErrorCode::MISSING_FIELD, "orders", "at least one order is required");
  }
  TradePreview preview;
  PreparedAccount prepared_before;
  if (auto s = prepare_account(account, market, prepared_before); !s.ok()) return s;
  preview.before = account_risk(prepared_before, config.risk);

  Account after;
  if (auto s = apply_orders(account, market, orders, config.risk, after); !s.ok()) return s;
  Evaluation evaluation;
  if (auto s = evaluate(account, preview.before.maintenance_margin_usd, after, market, config.risk,
                        FixedPart{}, evaluation);
      !s.ok()) {
    return s;
  }
  preview.after = evaluation.risk;
  preview.accepted = evaluation.accepted;

  PreparedAccount prepared_after;
  if (auto s = prepare_account(after, market, prepared_after); !s.ok()) return s;
  if (config.liquidation_levels) {
    if (account.mode == MarginMode::cross) {
      // Underlyings no order touches keep their grid: only the fixed rest of the account moved.
      LiquidationGrids grids;
      std::set<std::string> changed;
      for (const auto& order : orders) changed.insert(order.instrument.underlying);
      preview.liquidation_before = cross_liquidation_levels(prepared_before, config.risk, &grids);
      preview.liquidation_after =
          cross_liquidation_levels(prepared_after, config.risk, nullptr, &grids, &changed);
    } else {
      for (const auto& p : prepared_before.positions) {
        preview.liquidation_before.push_back(isolated_liquidation_levels(p, config.risk));
      }
      for (const auto& p : prepared_after.positions) {
        preview.liquidation_after.push_back(isolated_liquidation_levels(p, config.risk));
      }
    }
  }

  // Warnings, with stable codes.
  auto warn = [&](const std::string& code, const std::string& message) {
    preview.warnings.push_back(PreviewWarning{code, message});
  };
  const AccountRisk& after_risk = preview.after;
  if (after_risk.status == MarginStatus::liquidation && preview.before.status != MarginStatus::liquidation) {
    warn("WOULD_TRIGGER_LIQUIDATION", "after the orders equity would be at or below maintenance margin");
  }
  if (after_risk.status == MarginStatus::margin_call) {
    warn("INSUFFICIENT_INITIAL_MARGIN", "equity after the orders would be below initial margin by " +
                                            format_number(after_risk.initial_margin_usd - after_risk.equity_usd) + " USD");
    if (preview.before.status != MarginStatus::margin_call) {
      warn("WOULD_TRIGGER_MARGIN_CALL", "the account would enter margin call: only risk-reducing orders allowed");
    }
  }
  if (after_risk.status == MarginStatus::warning) {
    warn("MARGIN_RATIO_WARNING", "maintenance margin would use " +
                                     format_number(after_risk.margin_ratio * 100) + " % of equity");
  }
  for (const auto& levels : preview.liquidation_after) {
    for (const auto& level : levels.liquidation) {
      if (std::fabs(level.distance_percent) < config.liquidation_warning_percent) {
        warn("LIQUIDATION_PRICE_WITHIN_X_PERCENT",
             levels.underlying + " liquidation at " + format_number(level.price) + " USD, " +
                 format_number(level.distance_percent) + " % from the index");
        break;
      }
    }
  }
  warn(evaluation.reduces_risk ? "REDUCES_RISK" : "INCREASES_RISK",
       evaluation.reduces_risk ? "the orders lower maintenance margin and grow no position"
                               : "the orders add risk");
  for (const auto& p : after.positions) {
    for (const auto& q : account.positions) {
      if (q.instrument.name == p.instrument.name && q.size * p.size < 0.0) {
        warn("FLIPS_POSITION", p.instrument.name + " goes from " + format_number(q.size) + " to " +
                                   format_number(p.size));
      }
    }
  }
  if (!evaluation.overdrawn_asset.empty()) {
    warn("INSUFFICIENT_BALANCE", "the orders spend " + format_number(evaluation.overdrawn_amount) + " " +
                                     evaluation.overdrawn_asset + " more than the account holds");
  }
  if (!preview.accepted) {
    preview.reject_reason = !evaluation.overdrawn_asset.empty() ? "INSUFFICIENT_BALANCE"
                            : after_risk.status == MarginStatus::liquidation ? "WOULD_TRIGGER_LIQUIDATION"
                                                                             : "INSUFFICIENT_INITIAL_MARGIN";
  }

  // Top-up: collateral (in the first order's settlement asset) that makes the orders acceptable:
  // the overdrawn balance, or the initial-margin shortfall, or (isolated) the collateral the new
  // isolated margins lack.
  const Instrument& first = orders.front().instrument;
  preview.top_up_asset = first.settlement_asset;
  if (!preview.accepted) {
    double asset_price = 1.0;
    if (!evaluation.overdrawn_asset.empty()) {
      preview.top_up_asset = evaluation.overdrawn_asset;
    }
    if (auto s = collateral_price(market, preview.top_up_asset, "orders[0].instrument", asset_price); !s.ok()) {
      return s;
    }
    double shortfall_usd = after_risk.initial_margin_usd - after_risk.equity_usd;
    if (account.mode == MarginMode::isolated) {
      shortfall_usd = -evaluation.free_collateral_usd;
      for (const auto& p : after_risk.positions) {
        shortfall_usd = std::max(shortfall_usd, p.value.initial_margin_usd - p.isolated_equity_usd);
      }
    }
    if (!evaluation.overdrawn_asset.empty()) {
      shortfall_usd = std::max(shortfall_usd, evaluation.overdrawn_amount * asset_price);
    }
    // A hair over the shortfall, so that adding it is accepted despite rounding.
    preview.top_up_usd = std::max(shortfall_usd, 0.0) * (1.0 + 1e-9) + 1e-9;
    preview.top_up_amount = preview.top_up_usd / asset_price;
  }

  // Largest size of the first order, in steps of the increment, that is still accepted: found by
  // doubling then bisection, on the assumption (true for the rule-based schedule) that beyond
  // the first rejected size every larger size is rejected too.
  const double increment = std::isnan(config.size_increment) ? default_increment(first) : config.size_increment;
  preview.size_increment = increment;
  // Only the first order's position and the collateral change with its size: the rest of the
  // book is valued once and held fixed.
  Account own = account;
  own.positions.clear();
  Account rest = account;
  rest.collateral.clear();
  rest.positions.clear();
  for (const auto& p : account.positions) {
    (p.instrument.name == first.name ? own : rest).positions.push_back(p);
  }
  FixedPart fixed;
  {
    PreparedAccount prepared_rest;
    if (auto s = prepare_account(rest, market, prepared_rest); !s.ok()) return s;
    const AccountRisk rest_risk = account_risk(prepared_rest, config.risk);
    fixed.equity = rest_risk.equity_usd;
    fixed.initial = rest_risk.initial_margin_usd;
    fixed.maintenance = rest_risk.maintenance_margin_usd;
    fixed.isolated_margin_usd = account.mode == MarginMode::isolated ? isolated_margin_usd(prepared_rest, rest_risk) : 0.0;
    fixed.worst_isolated = account.mode == MarginMode::isolated ? rest_risk.status : MarginStatus::healthy;
  }
  double own_maintenance = 0.0;
  {
    PreparedAccount prepared_own;
    if (auto s = prepare_account(own, market, prepared_own); !s.ok()) return s;
    own_maintenance = account_risk(prepared_own, config.risk).maintenance_margin_usd;
  }
  // steps x increment without binary noise (431 x 0.01 is 4.3100000000000005; 431 / 100 is 4.31).
  const double per_unit = std::round(1.0 / increment);
  const bool decimal_increment = increment < 1.0 && std::fabs(per_unit * increment - 1.0) < 1e-12;
  auto size_of = [&](double steps) { return decimal_increment ? steps / per_unit : steps * increment; };
  std::vector<Order> trial{orders.front()};
  auto accepted_at = [&](double steps) {
    trial.front().size = size_of(steps);
    Account candidate;
    Evaluation e;
    if (!apply_orders(own, market, trial, config.risk, candidate).ok()) return false;
    if (!evaluate(own, own_maintenance, candidate, market, config.risk, fixed, e).ok()) return false;
    return e.accepted;
  };
  // Sizes are capped at 1e12 contracts (and 2^50 steps, where step counts stay exact doubles):
  // an order accepted at every size reports the cap.
  double good = 0.0;
  double bad = 1.0;
  const double max_steps = std::min(1e12 / increment, 1125899906842624.0);
  while (accepted_at(bad)) {
    good = bad;
    if (bad >= max_steps) break;
    bad = std::min(bad * 2.0, max_steps);
  }
  if (good == bad) bad = good + 1.0;  // accepted up to the cap
  while (bad - good > 1.0) {
    const double mid = std::floor((good + bad) / 2.0);
    if (accepted_at(mid)) good = mid; else bad = mid;
  }
  preview.max_size = size_of(good);
  out = std::move(preview);
  return Status::success();
}

}  // namespace marginkit
