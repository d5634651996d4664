#include "portfolio/scenario_pnl.hpp"

#include <cmath>

namespace marginkit {


ScenarioMoves scenario_moves(const ScenarioGridModel& model, const std::string& underlying, double base_ratio) {
  ScenarioMoves moves;
  moves.underlying = underlying;
  moves.scenarios = scenarios_of(model, underlying);
  moves.spot_ratio.resize(moves.scenarios.size());
  moves.log_ratio.resize(moves.scenarios.size());
  moves.vol_up = model.vol_up;
  moves.vol_down = model.vol_down;
  move_base(moves, base_ratio);
  return moves;
}

void move_base(ScenarioMoves& moves, double base_ratio) {
  moves.base_ratio = base_ratio;
  moves.log_base_ratio = std::log(base_ratio);
  for (std::size_t s = 0; s < moves.scenarios.size(); ++s) {
    // As move_of moves it, so that every double is the one portfolio_margin always took.
    moves.spot_ratio[s] = base_ratio * (1.0 + moves.scenarios[s].spot_move);
    moves.log_ratio[s] = std::log(moves.spot_ratio[s]);
  }
}

ShockTerms shock_terms(const PreparedPosition& position, const ScenarioGridModel& model) {
  if (!position.is_option()) return {};
  return {shock_term(position.t, model.vol_up), shock_term(position.t, model.vol_down)};
}

void GroupSums::add(const PositionPnl& position) {
  if (pnl.size() < position.pnl.size()) pnl.resize(position.pnl.size(), 0.0);
  for (std::size_t s = 0; s < position.pnl.size(); ++s) pnl[s] += position.pnl[s];
  roll_shock += position.roll_shock;
  ++members;
}

GroupRequirement group_requirement(const ScenarioGridModel& model, const std::vector<Scenario>& scenarios,
                                   const GroupSums& sums, double currency_usd, std::vector<double>* scenario_pnl) {
  GroupRequirement out;
  if (scenario_pnl) scenario_pnl->assign(scenarios.size(), 0.0);
  double worst = 0.0;
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    double total = s < sums.pnl.size() ? sums.pnl[s] : 0.0;
    total *= scenarios[s].weight;
    if (total > 0.0) total *= model.pnl_offset;
    if (scenario_pnl) (*scenario_pnl)[s] = total;
    if (total < worst) {
      worst = total;
      out.binding = s;
    }
  }
  out.worst_case = -worst;
  out.initial = out.worst_case + sums.roll_shock;
  out.maintenance = model.mm_factor * out.initial;
  out.initial_usd = out.initial * currency_usd;
  out.maintenance_usd = out.maintenance * currency_usd;
  return out;
}

}  // namespace marginkit
