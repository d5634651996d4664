#pragma once
// Prices of the underlying index at which an account's status changes: liquidation
// (equity = MM), margin call (equity = IM) and warning (MM / equity = warning ratio).
//
// Cross margin, and any isolated option position: the account is revalued along the index axis
// of one underlying at a time (others held), with forwards moving in proportion and vols held
// at the same moneyness (see market_lookup.hpp). Crossings are searched in [index/100,
// 100 x index], and none is missed there, however close together two of them are:
//  - The account is first valued at 53 index levels (steps of 2.5 % near the index, wider further
//    out, and one level beyond each end of the range).
//  - Each gap (equity - MM, equity - IM, warning_ratio x equity - MM) is a difference of two
//    functions convex in the index (ScenarioTotals): equity + the short options' value, and the
//    short options' value + MM (+ IM + the OTM amount IM credits, for IM). A convex function
//    lies above the secants of the points beside a cell and below its chord over the cell, which
//    bounds the gap over the cell from its neighbours' values. A cell whose bound keeps the gap
//    off zero has no crossing; a sign change whose slope bounds keep the gap monotone is one
//    crossing. Any other cell is split (at a kink of the margins inside it -- a strike, the IM
//    floor's threshold, the switches of a short put's max() -- or else at its middle) until one
//    of the two holds, so that a band between two crossings inside one grid cell is found
//    however narrow, down to 2.3e-10 of the price.
//  - Each crossing is then refined with Boost.Math's TOMS 748 bracketed solver until the bracket
//    in ln(price) is 6e-11 of its value (6e-14 near the index).
// What this rests on: option values convex in the forward (true for flat or per-expiry vols and
// for vols implied from marks; with a smile, only where its prices are convex in strike -- no
// butterfly arbitrage, also at its nodes and where it turns flat beyond its outermost strikes --
// and a band a non-convex smile hides can be missed), and schedule rates (putMarkRate,
// rateStep) that are not negative; futures tier tables whose rates never fall. A margin that
// jumps (a whole-position tier whose bracket moves with the price: an inverse future's size in
// coins, a linear one's notional) is convex only between its jumps: no bound reaches across a
// jump, and a jump that crosses a gap's zero is reported as the price where the status changes.
// Bounds are as exact as the values' rounding. Splitting stops
// after 2,000 splits per function and underlying, a cap that only bounds the time a pathological
// input (a gap hugging zero over a long range) can take. A level where equity = MM = 0 is not a
// liquidation (classify in account_risk.hpp): "liquidation" lists exactly the prices where the
// status enters or leaves `liquidation`.
//
// Isolated linear futures and perpetuals: closed form (tested against the published examples
// long 1 @ 1,000, margin 100, MM 3 % -> 927.835...; short -> 1,067.96...). Isolated inverse ones
// are searched like options, since their size tier (USD size / mark) moves with the price.
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "margin/account_risk.hpp"
#include "portfolio/underlying_portfolio.hpp"

namespace marginkit {

enum class PriceDirection : std::int8_t { below = -1, above = 1 };

struct PriceLevel {
  double price = 0.0;             // underlying index, USD
  double distance_percent = 0.0;  // (price / index - 1) * 100, negative below
  PriceDirection direction = PriceDirection::below;
};

struct LiquidationLevels {
  std::string underlying;
  std::string instrument;  // isolated margin: the position these levels belong to; empty in cross
  double index = 0.0;
  std::vector<PriceLevel> liquidation;  // every crossing equity = MM, sorted by price
  std::vector<PriceLevel> margin_call;  // the nearest crossing equity = IM below and above
  std::vector<PriceLevel> warning;      // the nearest crossing MM/equity = warning ratio below and above
};

// The level of `levels` nearest the index (smallest |distance_percent|); null when there is none.
inline const PriceLevel* nearest_level(const std::vector<PriceLevel>& levels) {
  const PriceLevel* nearest = nullptr;
  for (const auto& level : levels) {
    if (!nearest || std::fabs(level.distance_percent) < std::fabs(nearest->distance_percent)) nearest = &level;
  }
  return nearest;
}

// Where one underlying's part of an account (its positions and the collateral it prices) was
// valued during a search: every scan level, cell split and refinement step, sorted by x =
// ln(index ratio). A later search on a slightly different account (a preview's "after")
// re-prices only the positions that changed at these points: its bounds and brackets start
// from all of them, not from the scan levels alone.
struct ScenarioPoints {
  std::vector<double> x;
  std::vector<ScenarioTotals> part;
  // ln(index ratio) of the kinks of the part's margins, sorted: where its MM bends (used for
  // liquidation and warning) and where its IM does (MM's kinks included).
  std::vector<double> maintenance_kinks;
  std::vector<double> initial_kinks;
  // ln(index ratio) where the part's margins jump (whole-position futures tiers whose bracket
  // moves with the price), sorted: the bounds never reach across one (see judge_cell).
  std::vector<double> breaks;
  // Portfolio margin: the groups' P&L sums (which add up where the requirement does not) at the
  // points valued, in the order valued: portfolio_x[i] is where portfolio_groups[i] was.
  std::vector<double> portfolio_x;
  std::vector<GroupsAt> portfolio_groups;
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

// Portfolio margin: per underlying, the prices where equity crosses the scenario model's MM (and
// IM, and the warning ratio), the requirement recomputed at every trial price. The model's
// margin is not convex in the price: the levels are found on the scan and refined by the same
// solver, without the cross search's guarantee against narrow bands between scan points.
// `record`, when given, receives the points valued with each group's P&L sums at them.
std::vector<LiquidationLevels> portfolio_liquidation_levels(const PreparedAccount& prepared,
                                                            const RiskConfig& config,
                                                            LiquidationSearchPoints* record = nullptr);

// The same for `after`, as cross_liquidation_levels_after: at the points `before_points` holds, only
// the positions of `removed` and `added` are valued (their P&L vectors taken from and added to the
// groups' sums); only new trial prices value the whole of an underlying's book.
std::vector<LiquidationLevels> portfolio_liquidation_levels_after(const PreparedAccount& after,
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
