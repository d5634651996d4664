#include "portfolio/requirement.hpp"

#include <algorithm>

#include "portfolio/portfolio_margin.hpp"

namespace marginkit {

void settle_requirement(const ScenarioGridModel& model, double short_coins, double index_in_currency,
                        PortfolioGroup& group) {
  double scan = group.worst_case + group.roll_shock;
  for (const auto& c : group.contingencies) scan += c.amount;
  // SPAN's short option minimum (CME: a charge per short option, for books of far out-of-the-money
  // shorts whose scenarios lose little); 0 in Deribit's model, where the max is the sum itself.
  group.short_option_minimum = model.short_option_minimum * index_in_currency * short_coins;
  group.initial = std::max(scan, group.short_option_minimum);
  group.maintenance = model.mm_factor * group.initial;
  group.initial_usd = group.initial * group.currency_usd;
  group.maintenance_usd = group.maintenance * group.currency_usd;
}

}  // namespace marginkit
