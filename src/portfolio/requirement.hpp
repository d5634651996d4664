#pragma once
// The requirement step of a scenario-grid model: how a group's worst scenario loss, its roll
// shock, any contingency charges and the short-option minimum become IM and MM (the model's
// parameters, scenario_grid.hpp). Kept apart from the revaluation (portfolio_margin.cpp) so that
// a model with other charges changes this step alone.
#include <string>

namespace marginkit {

struct PortfolioGroup;
struct ScenarioGridModel;

// Coins of short options in a position of `size` contracts (options only: a contract is a coin).
inline double short_option_coins(bool is_option, double size) { return is_option && size < 0.0 ? -size : 0.0; }

// From the group's worst_case, roll_shock and contingencies, and its coins of short options at
// `index_in_currency` (the index in the group's currency: 1 for a coin-settled group): sets
// short_option_minimum, initial, maintenance and their USD values (at currency_usd).
//   IM = max(worst case + roll shock + sum of contingencies, short option minimum)
//   MM = mm_factor x IM
void settle_requirement(const ScenarioGridModel& model, double short_coins, double index_in_currency,
                        PortfolioGroup& group);

}  // namespace marginkit
