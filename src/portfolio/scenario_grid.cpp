#include "portfolio/scenario_grid.hpp"

#include <cmath>

namespace marginkit {

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
