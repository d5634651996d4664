#pragma once
// What adds up in a scenario-grid requirement: each position's P&L in each scenario of its group
// (one underlying, one settlement currency), and their sums. A group's requirement is a function
// of the sums alone (group_requirement), so an account that differs from a known one in a few
// positions -- a preview's account after, a max-size trial, the liquidation search's "after" --
// re-values only those and adds vectors. Sums taken in the positions' order are the very doubles
// portfolio_margin takes, whichever way the vectors were kept.
#include <string>
#include <vector>

#include "margin/position_valuation.hpp"
#include "portfolio/scenario_grid.hpp"

namespace marginkit {

// The scenarios of one underlying with its index moved by base_ratio (1: as it stands), worked
// out once for all its positions: each scenario's spot ratio and its logarithm.
struct ScenarioMoves {
  std::string underlying;
  std::vector<Scenario> scenarios;
  std::vector<double> spot_ratio;  // base_ratio x (1 + spot_move)
  std::vector<double> log_ratio;   // ln(spot_ratio)
  double base_ratio = 1.0;
  double log_base_ratio = 0.0;
  VolShock vol_up;
  VolShock vol_down;
};
ScenarioMoves scenario_moves(const ScenarioGridModel& model, const std::string& underlying, double base_ratio);
// The same at another base ratio (the liquidation search's trial prices): no allocation.
void move_base(ScenarioMoves& moves, double base_ratio);

// The vol shocks' terms of one position (they depend on its time to expiry alone): worked out
// once per position, not once per scenario and trial price.
struct ShockTerms {
  double up = 1.0;
  double down = 1.0;
};
ShockTerms shock_terms(const PreparedPosition& position, const ScenarioGridModel& model);

// One position's part of its group: P&L per scenario (unweighted, in the group's currency; 0 in
// the tail scenarios for futures, which the extended table leaves out) and its roll shock.
struct PositionPnl {
  std::vector<double> pnl;
  double roll_shock = 0.0;
  double short_coins = 0.0;  // coins of short options (the short option minimum's base)
  double coin_index = 0.0;  // the group currency it was computed in (see position_pnl)
};
// `coin_index`: the group's currency in USD per unit at base ratio 1 -- the index for a coin-settled
// group, 0 for a stablecoin one (1 USD per unit at any price).
void position_pnl(const PreparedPosition& position, const ShockTerms& terms, const ScenarioMoves& moves,
                  double coin_index, double min_annualised_move, PositionPnl& out);

// USD per unit of a group's currency at an index moved by `ratio` (see position_pnl's coin_index).
inline double currency_usd(double coin_index, double ratio) { return coin_index > 0.0 ? coin_index * ratio : 1.0; }
// A group's currency as position_pnl takes it: coin-settled groups count in coins at the index.
inline double coin_index_of(const PreparedPosition& first) {
  return first.is_inverse() ? first.market->index_price : 0.0;
}

// What a group's requirement is made of once its positions' vectors are added (in their order).
struct GroupSums {
  std::vector<double> pnl;  // per scenario
  double roll_shock = 0.0;
  double short_coins = 0.0;
  std::size_t members = 0;
  void add(const PositionPnl& position);
};

struct GroupRequirement {
  std::size_t binding = 0;
  double worst_case = 0.0;
  double short_option_minimum = 0.0;
  double initial = 0.0;      // in the group's currency
  double maintenance = 0.0;
  double initial_usd = 0.0;
  double maintenance_usd = 0.0;
};
// scenario_pnl, when given, receives each scenario's weighted P&L (gains at pnl_offset).
// `index_in_currency`: the index in the group's currency (1 for a coin-settled group), for the
// short option minimum (portfolio/requirement.hpp).
GroupRequirement group_requirement(const ScenarioGridModel& model, const std::vector<Scenario>& scenarios,
                                   const GroupSums& sums, double currency_usd, double index_in_currency,
                                   std::vector<double>* scenario_pnl = nullptr);

}  // namespace marginkit
