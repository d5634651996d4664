#include "portfolio/scenario_grid.hpp"

#include <cmath>

namespace marginkit {

// Deribit: BTC 16 %, ETH 18 %, 4 buckets a side, vol down, unchanged and up; up max(vol (1 + 0.5
// term), 0.5), down max(vol (1 - 0.25 term), 0), powers 0.3 under 30 days and 0.13 beyond, DTE
// floored at a day; the extended table's moves (of the index, vol up, options only, weighted
// range / |move|); no gains credited; roll shock 1 % of futures coins; no short-option minimum;
// MM 80 %.
ScenarioGridModel::ScenarioGridModel()
    : name("deribit"),
      price_range{{"BTC", 0.16}, {"ETH", 0.18}},
      default_price_range(0.18),
      buckets(4),
      grid_vols(vol_bit(VolState::down) | vol_bit(VolState::none) | vol_bit(VolState::up)),
      vol_range_up(0.5),
      vol_range_down(0.25),
      vol_points_up(0.0),
      vol_points_down(0.0),
      min_vol_up(0.5),
      short_term_power(0.3),
      long_term_power(0.13),
      dte_floor_days(1.0),
      tail_moves{-0.66, -0.33, 0.5, 1.0, 2.0, 3.0, 4.0, 5.0},
      tail_moves_in_ranges(false),
      tail_vol(VolState::up),
      tail_factor(1.0),
      tail_weight_power(1.0),
      tail_options_only(true),
      pnl_offset(0.0),
      min_annualised_move(0.01),
      short_option_minimum(0.0),
      mm_factor(0.8) {}

std::vector<Scenario> scenarios_of(const ScenarioGridModel& model, const std::string& underlying) {
  const double range = model.range_of(underlying);
  std::vector<Scenario> out;
  for (int k = -model.buckets; k <= model.buckets; ++k) {
    const double move = model.buckets == 0 ? 0.0 : range * k / model.buckets;
    for (VolState vol : {VolState::down, VolState::none, VolState::up}) {
      if (model.grid_vols & vol_bit(vol)) out.push_back({move, vol, false, false, 1.0});
    }
  }
  for (double tail : model.tail_moves) {
    const double move = model.tail_moves_in_ranges ? tail * range : tail;
    // Power 1 (Deribit) as tail_factor x range / |move| to the last bit; power 0 (SPAN): a fixed cover.
    const double power = model.tail_weight_power;
    const double weight = power == 1.0   ? model.tail_factor * range / std::fabs(move)
                          : power == 0.0 ? model.tail_factor
                                         : model.tail_factor * std::pow(range / std::fabs(move), power);
    out.push_back({move, model.tail_vol, true, model.tail_options_only, weight});
  }
  return out;
}

VolShock vol_shock_of(const ScenarioGridModel& model, VolState vol) {
  const double p = model.short_term_power, q = model.long_term_power, floor_days = model.dte_floor_days;
  if (vol == VolState::up) return {model.vol_range_up, model.vol_points_up, model.min_vol_up, p, q, floor_days};
  if (vol == VolState::down) return {-model.vol_range_down, -model.vol_points_down, 0.0, p, q, floor_days};
  return {};
}

UnderlyingMove move_of(const ScenarioGridModel& model, const Scenario& scenario, double base_ratio) {
  UnderlyingMove move;
  move.spot_ratio = base_ratio * (1.0 + scenario.spot_move);
  move.vol = vol_shock_of(model, scenario.vol);
  return move;
}

}  // namespace marginkit
