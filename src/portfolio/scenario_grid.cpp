#include "portfolio/scenario_grid.hpp"

#include <cmath>

namespace marginkit {

// Deribit: BTC 16 %, ETH 18 %, 4 buckets a side; vol up max(vol (1 + 0.5 term), 0.5), down
// max(vol (1 - 0.25 term), 0), powers 0.3 under 30 days and 0.13 beyond, DTE floored at a day;
// the extended table's moves; no gains credited; roll shock 1 % of futures coins; MM 80 %.
ScenarioGridModel::ScenarioGridModel()
    : name("deribit"),
      price_range{{"BTC", 0.16}, {"ETH", 0.18}},
      default_price_range(0.18),
      buckets(4),
      vol_up{0.5, 0.0, 0.5, 0.3, 0.13, 1.0},
      vol_down{-0.25, 0.0, 0.0, 0.3, 0.13, 1.0},
      tail_moves{-0.66, -0.33, 0.5, 1.0, 2.0, 3.0, 4.0, 5.0},
      tail_factor(1.0),
      pnl_offset(0.0),
      min_annualised_move(0.01),
      mm_factor(0.8) {}

std::vector<Scenario> scenarios_of(const ScenarioGridModel& model, const std::string& underlying) {
  const double range = model.range_of(underlying);
  std::vector<Scenario> out;
  for (int k = -model.buckets; k <= model.buckets; ++k) {
    const double move = model.buckets == 0 ? 0.0 : range * k / model.buckets;
    for (VolState vol : {VolState::down, VolState::none, VolState::up}) out.push_back({move, vol, false, 1.0});
  }
  for (double move : model.tail_moves) {
    out.push_back({move, VolState::up, true, model.tail_factor * range / std::fabs(move)});
  }
  return out;
}

UnderlyingMove move_of(const ScenarioGridModel& model, const Scenario& scenario, double base_ratio) {
  UnderlyingMove move;
  move.spot_ratio = base_ratio * (1.0 + scenario.spot_move);
  if (scenario.vol == VolState::up) move.vol = model.vol_up;
  if (scenario.vol == VolState::down) move.vol = model.vol_down;
  return move;
}

}  // namespace marginkit
