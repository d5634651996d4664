#include "portfolio/scenario_pnl.hpp"

#include <cmath>
#include <limits>

namespace marginkit {

namespace {

// Coins of a future or perpetual at its mark moved by `ratio` (inverse ones are sized in USD).
double futures_coins(const PreparedPosition& p, double ratio) {
  if (p.is_option() || p.kind == InstrumentKind::spot) return 0.0;
  return p.is_inverse() ? std::fabs(p.size) / (p.base_mark * ratio) : std::fabs(p.size);
}

const VolShock kNoShock{};

}  // namespace

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

void position_pnl(const PreparedPosition& p, const ShockTerms& terms, const ScenarioMoves& moves,
                  double coin_index, double min_annualised_move, PositionPnl& out) {
  const std::size_t count = moves.scenarios.size();
  out.pnl.resize(count);
  out.coin_index = coin_index;
  const double base_usd = currency_usd(coin_index, moves.base_ratio);
  const bool option = p.is_option();
  const double base_vol = option ? option_vol_at(p, moves.base_ratio) : 0.0;
  const double base_value =
      moved_value_usd(p, moves.base_ratio, moves.log_base_ratio, base_vol, kNoShock, 1.0) / base_usd;
  out.roll_shock = min_annualised_move * futures_coins(p, moves.base_ratio);
  // Scenarios come in runs of one spot move (vol down, none, up): the vol at a spot ratio is read
  // once per run.
  double vol_ratio = std::numeric_limits<double>::quiet_NaN(), vol = 0.0;
  for (std::size_t s = 0; s < count; ++s) {
    const Scenario& scenario = moves.scenarios[s];
    // The extended table is for options (far out-of-the-money shorts); futures are linear and
    // the grid bounds them.
    if (scenario.tail && !option) {
      out.pnl[s] = 0.0;
      continue;
    }
    const double ratio = moves.spot_ratio[s];
    if (option && ratio != vol_ratio) {
      vol = option_vol_at(p, ratio);
      vol_ratio = ratio;
    }
    const bool up = scenario.vol == VolState::up, down = scenario.vol == VolState::down;
    const VolShock& shock = up ? moves.vol_up : down ? moves.vol_down : kNoShock;
    const double term = up ? terms.up : down ? terms.down : 1.0;
    out.pnl[s] = moved_value_usd(p, ratio, moves.log_ratio[s], vol, shock, term) / currency_usd(coin_index, ratio) -
                 base_value;
  }
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
