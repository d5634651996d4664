#pragma once
// The requirement step of a scenario-grid model: how a group's scan (its worst scenario loss, roll
// shock and any contingency charges) and the short-option minimum become IM and MM (the model's
// parameters, scenario_grid.hpp). Kept apart from the revaluation (portfolio_margin.cpp,
// scenario_pnl.hpp) so that a model with other charges changes this step alone.

namespace marginkit {

struct ScenarioGridModel;

// Coins of short options in a position of `size` contracts (options only: a contract is a coin).
inline double short_option_coins(bool is_option, double size) { return is_option && size < 0.0 ? -size : 0.0; }

struct GridRequirement {
  double short_option_minimum = 0.0;  // in the group's currency
  double initial = 0.0;
  double maintenance = 0.0;
};

// `scan`: worst case + roll shock + contingencies; `short_coins`: the group's coins of short
// options; `index_in_currency`: the index in the group's currency (1 for a coin-settled group).
//   IM = max(scan, short option minimum);  MM = mm_factor x IM
GridRequirement grid_requirement(const ScenarioGridModel& model, double scan, double short_coins,
                                 double index_in_currency);

}  // namespace marginkit
