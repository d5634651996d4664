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
      const PositionRisk& row = whole_risk.positions[i];
      rest.isolated_margins[position.instrument.settlement_asset] += position.isolated_margin;
      rest.worst_isolated = std::max(rest.worst_isolated, row.status);
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
    status = std::max(rest.worst_isolated, risk.status);
  } else {
    const MarginTotals whole = rest.totals + risk.totals();
    status = classify(whole.equity, whole.initial, whole.maintenance, config.warning_ratio);
  }
  find_overdraft(old_part, new_part, assigned_before, assigned_after, out);
  out.accepted = out.overdrawn_asset.empty() && (out.reduces_risk || acceptable(status));
  return out;
}

namespace {

const char* liquidation_message() { return "after the orders equity would be at or below maintenance margin"; }

std::string initial_margin_message(const AccountRisk& after) {
  return "equity after the orders would be below initial margin by " +
         format_number(after.initial_margin_usd - after.equity_usd) + " USD";
}

}  // namespace

PreviewWarningCode reject_reason(const Judgement& judgement, const AccountRisk& after) {
  if (!judgement.overdrawn_asset.empty()) return PreviewWarningCode::INSUFFICIENT_BALANCE;
  if (after.status == MarginStatus::liquidation) return PreviewWarningCode::WOULD_TRIGGER_LIQUIDATION;
  return PreviewWarningCode::INSUFFICIENT_INITIAL_MARGIN;
}

void warn_reject_reason(PreviewWarningCode reason, const AccountRisk& after, std::vector<PreviewWarning>& warnings) {
  const char* code = to_string(reason);
  for (const auto& w : warnings) {
    if (w.code == code) return;
  }
  // Not yet among the warnings: e.g. an account already in liquidation (the liquidation warning
  // is for a change of status) that an order leaves there.
  warnings.push_back(PreviewWarning{code, reason == PreviewWarningCode::WOULD_TRIGGER_LIQUIDATION
                                               ? liquidation_message()
                                               : initial_margin_message(after)});
}

void add_warnings(const TradePreview& preview, const Judgement& judgement, const Account& old_part,
                  const Account& new_part, const PreviewConfig& options, std::vector<PreviewWarning>& warnings) {
  auto warn = [&](PreviewWarningCode code, const std::string& message) {
    warnings.push_back(PreviewWarning{to_string(code), message});
  };
  const AccountRisk& after = preview.after;
  if (after.status == MarginStatus::liquidation && preview.before.status != MarginStatus::liquidation) {
    warn(PreviewWarningCode::WOULD_TRIGGER_LIQUIDATION, liquidation_message());
  }
  if (after.status == MarginStatus::margin_call) {
    warn(PreviewWarningCode::INSUFFICIENT_INITIAL_MARGIN, initial_margin_message(after));
    if (preview.before.status != MarginStatus::margin_call) {
      warn(PreviewWarningCode::WOULD_TRIGGER_MARGIN_CALL, "the account would enter margin call: only risk-reducing orders allowed");
    }
  }
  if (after.status == MarginStatus::warning) {
    warn(PreviewWarningCode::MARGIN_RATIO_WARNING, "maintenance margin would use " + format_number(after.margin_ratio * 100) +
                                     " % of equity");
  }
  for (const auto& levels : preview.liquidation_after) {
    for (const auto& level : levels.liquidation) {
      if (std::fabs(level.distance_percent) < options.liquidation_warning_percent) {
        warn(PreviewWarningCode::LIQUIDATION_PRICE_WITHIN_X_PERCENT,
             (levels.instrument.empty() ? levels.underlying : levels.instrument) + " liquidation at " +
                 format_number(level.price) + " USD, " +
                 format_number(level.distance_percent) + " % from the index");
        break;
      }
    }
  }
  warn(judgement.reduces_risk ? PreviewWarningCode::REDUCES_RISK : PreviewWarningCode::INCREASES_RISK,
       judgement.reduces_risk ? "the orders lower maintenance margin and grow no position"
                              : "the orders add risk");
  for (const auto& p : new_part.positions) {
    for (const auto& q : old_part.positions) {
      if (q.instrument.name == p.instrument.name && q.size * p.size < 0.0) {
        warn(PreviewWarningCode::FLIPS_POSITION, p.instrument.name + " goes from " + format_number(q.size) + " to " +
                                   format_number(p.size));
      }
    }
  }
  if (!judgement.overdrawn_asset.empty()) {
    warn(PreviewWarningCode::INSUFFICIENT_BALANCE, "the orders spend " + format_number(judgement.overdrawn_amount) + " " +
                                     judgement.overdrawn_asset + " more than the account holds");
  }
}

}  // namespace marginkit
