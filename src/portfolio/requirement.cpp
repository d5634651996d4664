#include "portfolio/requirement.hpp"

#include <algorithm>

#include "portfolio/scenario_grid.hpp"

namespace marginkit {

GridRequirement grid_requirement(const ScenarioGridModel& model, double scan, double short_coins,
                                 double index_in_currency) {
  GridRequirement out;
  // SPAN's short option minimum (CME: a charge per short option, for books of far out-of-the-money
  // shorts whose scenarios lose little); 0 in Deribit's model, where the max is the scan itself.
  out.short_option_minimum = model.short_option_minimum * index_in_currency * short_coins;
  out.initial = std::max(scan, out.short_option_minimum);
  out.maintenance = model.mm_factor * out.initial;
  return out;
}

}  // namespace marginkit
