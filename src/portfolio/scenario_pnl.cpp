#include "portfolio/scenario_pnl.hpp"

#include <cmath>

#include "portfolio/requirement.hpp"

namespace marginkit {


ScenarioMoves scenario_moves(const ScenarioGridModel& model, const std::string& underlying, double base_ratio) {
  ScenarioMoves moves;
  moves.underlying = underlying;
  moves.scenarios = scenarios_of(model, underlying);
  moves.spot_ratio.resize(moves.scenarios.size());
  moves.log_ratio.resize(moves.scenarios.size());
  moves.vol_up = vol_shock_of(model, VolState::up);
  moves.vol_down = vol_shock_of(model, VolState::down);
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
  return {shock_term(position.t, vol_shock_of(model, VolState::up)),
          shock_term(position.t, vol_shock_of(model, VolState::down))};
}

void GroupSums::add(const PositionPnl& position) {
  if (pnl.size() < position.pnl.size()) pnl.resize(position.pnl.size(), 0.0);
  for (std::size_t s = 0; s < position.pnl.size(); ++s) pnl[s] += position.pnl[s];
  roll_shock += position.roll_shock;
  short_coins += position.short_coins;
  ++members;
}

GroupRequirement group_requirement(const ScenarioGridModel& model, const std::vector<Scenario>& scenarios,
                                   const GroupSums& sums, double currency_usd, double index_in_currency,
                                   std::vector<double>* scenario_pnl) {
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
  const GridRequirement r =
      grid_requirement(model, out.worst_case + sums.roll_shock, sums.short_coins, index_in_currency);
  out.short_option_minimum = r.short_option_minimum;
  out.initial = r.initial;
  out.maintenance = r.maintenance;
  out.initial_usd = out.initial * currency_usd;
  out.maintenance_usd = out.maintenance * currency_usd;
  return out;
}

}  // namespace marginkit
