#include "preview/acceptance.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "account/collateral.hpp"
#include "common/number_text.hpp"

namespace marginkit {

namespace {

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

// Isolated margins by settlement asset: `sign` x each position's, added to `out`.
void add_isolated_margins(const std::vector<Position>& positions, double sign, AssetAmounts& out) {
  for (const auto& p : positions) out[p.instrument.settlement_asset] += sign * p.isolated_margin;
}

// Premiums, spot purchases and (isolated mode) the margins assigned to positions come out of
// balances: none may end below zero (there is no borrowing), whatever margin other collateral
// leaves, unless it was already there and the orders make it no worse (an account in trouble can
// be helped out of it). `assigned_*`: isolated margins by asset, before and after.
void find_overdraft(const Account& before, const Account& after, const AssetAmounts& assigned_before,
                    const AssetAmounts& assigned_after, Judgement& out) {
  auto assigned = [](const AssetAmounts& amounts, const std::string& asset) {
    const auto found = amounts.find(asset);
    return found == amounts.end() ? 0.0 : found->second;
  };
  auto check = [&](const std::string& asset) {
    const double held = amount_held(after, asset);
    const double free_after = held - assigned(assigned_after, asset);
    const double free_before = amount_held(before, asset) - assigned(assigned_before, asset);
    // Relative to the amounts involved: sums of margins carry rounding of their own.
    const double tolerance = 1e-12 * std::max({1.0, std::fabs(held), assigned(assigned_after, asset)});
    if (free_after < -tolerance && free_after < free_before - tolerance && out.overdrawn_asset.empty()) {
      out.overdrawn_asset = asset;
      out.overdrawn_amount = -free_after;
    }
  };
  for (const auto& balance : after.collateral) check(balance.asset);
  for (const auto& entry : assigned_after) {
    if (amount_held(after, entry.first) == 0.0) check(entry.first);  // assigned from no balance at all
  }
}

}  // namespace

RestOfAccount rest_of_account(const PreparedAccount& whole, const AccountRisk& whole_risk, const AccountRisk& own_risk,
                              const std::set<std::string>& touched) {
  RestOfAccount rest;
  rest.totals = whole_risk.totals() - own_risk.totals();
  if (whole.account->mode == MarginMode::isolated) {
    for (std::size_t i = 0; i < whole.positions.size(); ++i) {
      const Position& position = *whole.positions[i].position;
      if (touched.count(position.instrument.name)) continue;
      rest.isolated_margins[position.instrument.settlement_asset] += position.isolated_margin;
    }
  }
  return rest;
}

Judgement judge(const Account& old_part, const Account& new_part, double maintenance_before,
                const PreparedAccount& prepared, const AccountRisk& risk,
                const RestOfAccount& rest, const RiskConfig& config) {
  Judgement out;
  out.reduces_risk = is_risk_reducing(old_part, new_part) &&
                     risk.maintenance_margin_usd <= maintenance_before + 1e-9;
  MarginStatus status;
  AssetAmounts assigned_before, assigned_after;
  if (new_part.mode == MarginMode::isolated) {
    // After: the rest's margins and the judged part's; before: the same with the touched
    // positions as they were.
    assigned_after = rest.isolated_margins;
    for (const auto& p : prepared.positions) {
      assigned_after[p.position->instrument.settlement_asset] += p.position->isolated_margin;
    }
    assigned_before = assigned_after;
    add_isolated_margins(new_part.positions, -1.0, assigned_before);
    add_isolated_margins(old_part.positions, 1.0, assigned_before);
    // Positions stand alone: one in trouble elsewhere does not refuse an order on another.
    status = risk.status;
  } else {
    const MarginTotals whole = rest.totals + risk.totals();
    status = classify(whole.equity, whole.initial, whole.maintenance, config.warning_ratio);
  }
  find_overdraft(old_part, new_part, assigned_before, assigned_after, out);
  out.accepted = out.overdrawn_asset.empty() && (out.reduces_risk || acceptable(status));
  return out;
}

namespace {

// Figures in messages, rounded for reading (the exact ones are the warnings' fields).
std::string usd_text(double usd) { return format_rounded(usd, 6, 2) + " USD"; }
std::string percent_text(double percent) { return format_rounded(percent, 6, 2) + " %"; }
std::string figure_text(double value) { return format_rounded(value, 6); }  // prices, sizes, coins

// Appends a warning with its code and message, for the caller to add its figures: made in
// place (one vector instantiation the less in the wasm than building one and moving it in).
PreviewWarning& add_warning(std::vector<PreviewWarning>& out, PreviewWarningCode code, std::string message) {
  PreviewWarning& w = out.emplace_back();
  w.code = to_string(code);
  w.message = std::move(message);
  return w;
}

// Isolated mode: the position whose status is the account's (its worst), for warnings about a
// change of status; null in cross mode, where the status is the account's own.
const PositionRisk* worst_position(const WarningInputs& in) {
  if (in.mode != MarginMode::isolated) return nullptr;
  for (const PositionRisk* row : in.after_rows) {
    if (row->status == in.preview.after.status) return row;
  }
  return nullptr;
}

void warn_status(PreviewWarningCode code, const WarningInputs& in, const char* what, std::vector<PreviewWarning>& out) {
  const PositionRisk* position = worst_position(in);
  PreviewWarning& w = add_warning(out, code, (position ? position->instrument : std::string("the account")) + " would " + what);
  if (position) w.instrument = position->instrument;
  w.status_before = to_string(in.preview.before.status);
  w.status_after = to_string(in.preview.after.status);
}

void warn_liquidation(const WarningInputs& in, std::vector<PreviewWarning>& out) {
  warn_status(PreviewWarningCode::WOULD_TRIGGER_LIQUIDATION, in,
              "be in liquidation: equity at or below maintenance margin", out);
}

// The initial margin the account after lacks, as the top-up counts it: cross, IM - equity;
// isolated, the most one position's isolated equity lacks of its IM (margins assigned beyond a
// balance are INSUFFICIENT_BALANCE).
void warn_initial_margin(const WarningInputs& in, std::vector<PreviewWarning>& out) {
  const AccountRisk& after = in.preview.after;
  double shortfall = after.initial_margin_usd - after.equity_usd;
  const PositionRisk* short_position = nullptr;
  if (in.mode == MarginMode::isolated) {
    shortfall = 0.0;
    for (const PositionRisk* row : in.after_rows) {
      const double lacking = row->value.initial_margin_usd - row->isolated_equity_usd;
      if (lacking > shortfall) {
        shortfall = lacking;
        short_position = row;
      }
    }
  }
  PreviewWarning& w = add_warning(out, PreviewWarningCode::INSUFFICIENT_INITIAL_MARGIN,
                                  (short_position ? short_position->instrument + ": isolated equity"
                                                  : std::string("equity after the orders")) +
                                      " would be below initial margin by " + usd_text(shortfall));
  w.amount_usd = shortfall;
  if (short_position) w.instrument = short_position->instrument;
}

// The margin ratio the warning status was reached by: the account's, or in isolated mode the
// position's, MM over its isolated equity.
void warn_margin_ratio(const WarningInputs& in, std::vector<PreviewWarning>& out) {
  const PositionRisk* position = worst_position(in);
  const double ratio = position ? position->value.maintenance_margin_usd / position->isolated_equity_usd
                                : in.preview.after.margin_ratio;
  PreviewWarning& w = add_warning(out, PreviewWarningCode::MARGIN_RATIO_WARNING,
                                  "maintenance margin would use " + percent_text(ratio * 100) + " of " +
                                      (position ? position->instrument + "'s isolated equity" : std::string("equity")));
  w.margin_ratio = ratio;
  if (position) w.instrument = position->instrument;
}

// The liquidation price nearest the index, when within `percent` of it.
void warn_near_liquidation(const LiquidationLevels& levels, double percent, std::vector<PreviewWarning>& out) {
  const PriceLevel* nearest = nearest_level(levels.liquidation);
  if (!nearest || !(std::fabs(nearest->distance_percent) < percent)) return;
  PreviewWarning& w = add_warning(out, PreviewWarningCode::LIQUIDATION_PRICE_WITHIN_X_PERCENT,
                                  (levels.instrument.empty() ? levels.underlying : levels.instrument) +
                                      " liquidation at " + figure_text(nearest->price) + " USD, " +
                                      percent_text(nearest->distance_percent) + " from the index");
  w.underlying = levels.underlying;
  w.instrument = levels.instrument;
  w.price = nearest->price;
  w.distance_percent = nearest->distance_percent;
  w.direction = nearest->direction == PriceDirection::below ? "below" : "above";
}

}  // namespace

PreviewWarningCode reject_reason(const Judgement& judgement, const AccountRisk& after) {
  if (!judgement.overdrawn_asset.empty()) return PreviewWarningCode::INSUFFICIENT_BALANCE;
  if (after.status == MarginStatus::liquidation) return PreviewWarningCode::WOULD_TRIGGER_LIQUIDATION;
  return PreviewWarningCode::INSUFFICIENT_INITIAL_MARGIN;
}

void warn_reject_reason(PreviewWarningCode reason, const WarningInputs& in, std::vector<PreviewWarning>& warnings) {
  const char* code = to_string(reason);
  for (const auto& w : warnings) {
    if (w.code == code) return;
  }
  // Not yet among the warnings: e.g. an account already in liquidation (the liquidation warning
  // is for a change of status) that an order leaves there.
  if (reason == PreviewWarningCode::WOULD_TRIGGER_LIQUIDATION) warn_liquidation(in, warnings);
  else warn_initial_margin(in, warnings);
}

void add_warnings(const WarningInputs& in, const Account& old_part, const Account& new_part,
                  const PreviewConfig& options, std::vector<PreviewWarning>& warnings) {
  const TradePreview& preview = in.preview;
  const AccountRisk& after = preview.after;
  if (after.status == MarginStatus::liquidation && preview.before.status != MarginStatus::liquidation) {
    warn_liquidation(in, warnings);
  }
  if (after.status == MarginStatus::margin_call) {
    warn_initial_margin(in, warnings);
    if (preview.before.status != MarginStatus::margin_call) {
      warn_status(PreviewWarningCode::WOULD_TRIGGER_MARGIN_CALL, in,
                  "enter margin call: only risk-reducing orders allowed", warnings);
    }
  }
  if (after.status == MarginStatus::warning) warn_margin_ratio(in, warnings);
  for (const auto& levels : preview.liquidation_after) {
    warn_near_liquidation(levels, options.liquidation_warning_percent, warnings);
  }
  const bool reduces = in.judgement.reduces_risk;
  add_warning(warnings, reduces ? PreviewWarningCode::REDUCES_RISK : PreviewWarningCode::INCREASES_RISK,
              reduces ? "the orders lower maintenance margin and grow no position" : "the orders add risk");
  for (const auto& p : new_part.positions) {
    for (const auto& q : old_part.positions) {
      if (q.instrument.name == p.instrument.name && q.size * p.size < 0.0) {
        PreviewWarning& w = add_warning(warnings, PreviewWarningCode::FLIPS_POSITION,
                                        p.instrument.name + " goes from " + figure_text(q.size) + " to " +
                                            figure_text(p.size));
        w.instrument = p.instrument.name;
        w.from_size = q.size;
        w.to_size = p.size;
      }
    }
  }
  if (!in.judgement.overdrawn_asset.empty()) {
    PreviewWarning& w = add_warning(warnings, PreviewWarningCode::INSUFFICIENT_BALANCE,
                                    "the orders spend or assign " + figure_text(in.judgement.overdrawn_amount) + " " +
                                        in.judgement.overdrawn_asset + " more than the account holds");
    w.asset = in.judgement.overdrawn_asset;
    w.amount = in.judgement.overdrawn_amount;
  }
}

}  // namespace marginkit
