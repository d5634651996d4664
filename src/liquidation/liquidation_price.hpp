#pragma once
// Prices of the underlying index at which an account's status changes: liquidation
// (equity = MM), margin call (equity = IM) and warning (MM / equity = warning ratio).
//
// Cross margin, and any isolated option position: the account is revalued along the index axis
// of one underlying at a time (others held), with forwards moving in proportion and vols held
// at the same moneyness (see market_lookup.hpp). Every sign change of equity - margin on a grid
// of 51 index levels from 1/100 to 100 times the index (steps of 2.5 % near the index, wider
// further out) is refined with Boost.Math's TOMS 748 bracketed solver until the bracket in
// ln(price) is 6e-11 of its value (6e-14 near the index). Two crossings closer together than one
// grid step can be missed; there is no other blind spot.
//
// Isolated linear futures and perpetuals: closed form (tested against the published examples
// long 1 @ 1,000, margin 100, MM 3 % -> 927.835...; short -> 1,067.96...). Isolated inverse ones
// are searched like options, since their size tier (USD size / mark) moves with the price.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "margin/account_risk.hpp"

namespace marginkit {

enum class PriceDirection : std::int8_t { below = -1, above = 1 };

struct PriceLevel {
  double price = 0.0;             // underlying index, USD
  double distance_percent = 0.0;  // (price / index - 1) * 100, negative below
  PriceDirection direction = PriceDirection::below;
};

struct LiquidationLevels {
  std::string underlying;
  double index = 0.0;
  std::vector<PriceLevel> liquidation;  // every crossing equity = MM, sorted by price
  std::vector<PriceLevel> margin_call;  // the nearest crossing equity = IM below and above
  std::vector<PriceLevel> warning;      // the nearest crossing MM/equity = warning ratio below and above
};

// Where one underlying's part of an account (its positions and the collateral it prices) was
// valued during a search: every grid level and every refinement step, sorted by x = ln(index
// ratio). A later search on a slightly different account (a preview's "after") re-prices only the
// positions that changed at these points, and starts each refinement from the narrowest bracket
// they give rather than a whole grid cell (it then needs about 4 revaluations per price found).
struct ScenarioPoints {
  std::vector<double> x;
  std::vector<ScenarioTotals> part;
};

// The points of every underlying of one account.
struct LiquidationSearchPoints {
  std::map<std::string, ScenarioPoints> parts;
};

// Cross margin: one entry per underlying the account is exposed to, sorted by name. `record`,
// when given, receives the points valued.
std::vector<LiquidationLevels> cross_liquidation_levels(const PreparedAccount& prepared,
                                                        const RiskConfig& config,
                                                        LiquidationSearchPoints* record = nullptr);

// The same for `after`, an account that differs from `before` only in the positions of
// `removed` and `added` (small accounts of the positions that changed, and each side's whole
// collateral). `before_points`: what cross_liquidation_levels recorded for `before`. The levels
// are those a fresh search on `after` finds, to the solver's tolerance.
std::vector<LiquidationLevels> cross_liquidation_levels_after(const PreparedAccount& after,
                                                              const RiskConfig& config,
                                                              const LiquidationSearchPoints& before_points,
                                                              const PreparedAccount& removed,
                                                              const PreparedAccount& added);

// Isolated margin: the levels of one position on its own margin.
LiquidationLevels isolated_liquidation_levels(const PreparedPosition& position,
                                              const RiskConfig& config);

// Closed form for isolated linear futures/perpetuals, in the instrument's mark price. margin: the
// position's isolated margin in USD; maintenance_rate: MM as a fraction of notional. NaN when
// no positive price liquidates the position.
double isolated_linear_liquidation_price(double size, double entry_price, double margin_usd,
                                         double maintenance_rate);

}  // namespace marginkit
