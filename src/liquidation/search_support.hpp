#pragma once
// What the liquidation searches share across their files (liquidation_price.cpp runs the cross
// and isolated searches, portfolio_liquidation.cpp the portfolio one): the scan levels, the
// underlyings an account is exposed to, and the search of every underlying's levels given a way
// to value its part anywhere. Internal: not part of the core's interface.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/function_ref.hpp"
#include "liquidation/liquidation_price.hpp"

namespace marginkit {

// An underlying's part of the account with its index moved to e^log_ratio times the index.
using UnderlyingPartAt = FunctionRef<ScenarioTotals(const std::string& underlying, double log_ratio)>;

namespace search {

// ln(index ratio) levels every search values first (the scan).
const std::vector<double>& scan_levels();
std::set<std::string> underlyings_of(const PreparedAccount& prepared);
// Levels of every underlying of `prepared`, given its parts' points (`parts`, which receive
// every point the searches value) and `part_at` to value a part anywhere.
std::vector<LiquidationLevels> search_underlyings(const PreparedAccount& prepared, const RiskConfig& config,
                                                  std::map<std::string, ScenarioPoints>& parts,
                                                  const UnderlyingPartAt& part_at);

}  // namespace search
}  // namespace marginkit
