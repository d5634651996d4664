#include "liquidation/liquidation_price.hpp"

#include "common/boost_config.hpp"

#include <algorithm>
#include <array>
#include <boost/math/tools/toms748_solve.hpp>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <set>

#include "common/small_sort.hpp"
#include "margin/standard_margin.hpp"

namespace marginkit {

namespace {

// ln(index ratio) grid: 2.5 % steps to +-25 %, 12.5 % to +-100 %, 40 % to +-460 % (x100): 25
// levels each side of the index and the index itself.
constexpr std::size_t kSideLevels = 25;
constexpr double side_level(std::size_t i) {  // i = 1..25
  return i <= 10 ? 0.025 * i : i <= 16 ? 0.25 + 0.125 * (i - 10) : 1.0 + 0.4 * (i - 16);
}

const std::vector<double>& log_grid() {
  static const std::vector<double> grid = [] {
    std::vector<double> levels(2 * kSideLevels + 1, 0.0);
    for (std::size_t i = 1; i <= kSideLevels; ++i) {
      levels[kSideLevels - i] = -side_level(i);
      levels[kSideLevels + i] = side_level(i);
    }
    return levels;
  }();
  return grid;
}

using Totals = ScenarioTotals;
using TotalsAt = std::function<Totals(double log_ratio)>;

Totals operator+(const Totals& a, const Totals& b) {
  return Totals{a.equity + b.equity, a.initial + b.initial, a.maintenance + b.maintenance};
}
Totals operator-(const Totals& a, const Totals& b) {
  return Totals{a.equity - b.equity, a.initial - b.initial, a.maintenance - b.maintenance};
}

// The three functions whose zeros are reported, from totals at one index level.
double liquidation_gap(const Totals& t) { return t.equity - t.maintenance; }
double margin_call_gap(const Totals& t) { return t.equity - t.initial; }
double warning_gap(const Totals& t, double ratio) { return ratio * t.equity - t.maintenance; }

// Done when the bracket is 2^-34 of |x| wide, or 6e-14 wide near the index (x ~ 0, where a
// purely relative test would ask for digits the prices do not have).
bool bracket_done(double a, double b) {
  return std::fabs(a - b) <= 0x1p-34 * std::max({std::fabs(a), std::fabs(b), 1e-3});
}

// The account's totals at known points: sorted x (every grid level among them) and the
// totals there. Refinements start from the tightest bracket these give.
struct Known {
  const std::vector<double>& x;
  const std::vector<Totals>& totals;
  std::vector<std::size_t> grid_at;  // index in x of each grid level
};

// Sign changes of gap between grid levels, each refined to bracket_done. `nearest_only`: only
// the crossing nearest the current index on each side is refined (the others are not reported,
// and each refinement step is a revaluation of the book).
std::vector<double> crossings(const Known& known, const std::vector<double>& values,
                              const std::function<double(double)>& gap, bool nearest_only) {
  const auto& grid = log_grid();
  const auto value_at_grid = [&](std::size_t i) { return values[known.grid_at[i]]; };
  std::vector<std::size_t> cells;  // i: a sign change between grid[i-1] and grid[i]
  for (std::size_t i = 1; i < grid.size(); ++i) {
    const double before = value_at_grid(i - 1), after = value_at_grid(i);
    if (before == 0.0 || (before < 0.0) != (after < 0.0)) cells.push_back(i);
  }
  if (nearest_only && cells.size() > 2) {
    std::size_t below = 0, above = 0;  // 0: none
    for (std::size_t i : cells) {
      if (grid[i] <= 0.0) below = i;               // the last one below the index
      else if (above == 0) above = i;              // the first one above
    }
    cells.clear();
    if (below) cells.push_back(below);
    if (above) cells.push_back(above);
  }
  std::vector<double> roots;
  for (std::size_t i : cells) {
    // The first sign change among the known points of this cell.
    std::size_t k = known.grid_at[i - 1];
    const std::size_t last = known.grid_at[i];
    while (k + 1 < last && values[k] != 0.0 && (values[k] < 0.0) == (values[k + 1] < 0.0)) ++k;
    const double a = known.x[k], b = known.x[k + 1];
    const double fa = values[k], fb = values[k + 1];
    if (fa == 0.0) { roots.push_back(a); continue; }
    if (fb == 0.0) { roots.push_back(b); continue; }
    std::uintmax_t iterations = 60;
    const auto bracket = boost::math::tools::toms748_solve(gap, a, b, fa, fb, bracket_done, iterations);
    roots.push_back(0.5 * (bracket.first + bracket.second));
  }
  small_sort(roots.begin(), roots.end());
  roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
  return roots;
}

PriceLevel level_at(double index, double log_ratio) {
  PriceLevel level;
  level.price = index * std::exp(log_ratio);
  level.distance_percent = (std::exp(log_ratio) - 1.0) * 100.0;
  level.direction = log_ratio < 0.0 ? PriceDirection::below : PriceDirection::above;
  return level;
}

std::vector<PriceLevel> all_levels(double index, const std::vector<double>& roots) {
  std::vector<PriceLevel> levels;
  for (double x : roots) levels.push_back(level_at(index, x));
  return levels;
}

std::vector<PriceLevel> nearest_levels(double index, const std::vector<double>& roots) {
  double below = -std::numeric_limits<double>::infinity();
  double above = std::numeric_limits<double>::infinity();
  for (double x : roots) {
    if (x < 0.0) below = std::max(below, x);
    else above = std::min(above, x);
  }
  std::vector<PriceLevel> levels;
  if (std::isfinite(below)) levels.push_back(level_at(index, below));
  if (std::isfinite(above)) levels.push_back(level_at(index, above));
  return levels;
}

std::vector<std::size_t> grid_positions(const std::vector<double>& x) {
  std::vector<std::size_t> at;
  std::size_t k = 0;
  for (double g : log_grid()) {
    while (x[k] != g) ++k;  // every grid level is among x, exactly
    at.push_back(k);
  }
  return at;
}

// `known_x`, `known_totals`: the account's totals at known points (see Known); `totals_at`: the
// same at any level, for refining crossings.
LiquidationLevels search_levels(const std::string& underlying, double index,
                                const std::vector<double>& known_x, const std::vector<Totals>& known_totals,
                                const TotalsAt& totals_at, double warning_ratio) {
  const Known known{known_x, known_totals, grid_positions(known_x)};
  std::vector<double> liquidation(known_x.size()), margin_call(known_x.size()), warning(known_x.size());
  for (std::size_t i = 0; i < known_x.size(); ++i) {
    const Totals& t = known_totals[i];
    liquidation[i] = liquidation_gap(t);
    margin_call[i] = margin_call_gap(t);
    warning[i] = warning_gap(t, warning_ratio);
  }
  LiquidationLevels levels;
  levels.underlying = underlying;
  levels.index = index;
  levels.liquidation = all_levels(index, crossings(known, liquidation, [&](double x) {
    return liquidation_gap(totals_at(x));
  }, false));
  levels.margin_call = nearest_levels(index, crossings(known, margin_call, [&](double x) {
    return margin_call_gap(totals_at(x));
  }, true));
  levels.warning = nearest_levels(index, crossings(known, warning, [&](double x) {
    return warning_gap(totals_at(x), warning_ratio);
  }, true));
  return levels;
}

std::vector<Totals> grid_of(const TotalsAt& totals_at) {
  std::vector<Totals> totals;
  for (double x : log_grid()) totals.push_back(totals_at(x));
  return totals;
}

std::set<std::string> underlyings_of(const PreparedAccount& prepared) {
  std::set<std::string> underlyings;
  for (const auto& p : prepared.positions) underlyings.insert(p.position->instrument.underlying);
  for (const auto& c : prepared.collateral) {
    if (!c.underlying.empty()) underlyings.insert(c.underlying);
  }
  return underlyings;
}

// Adds the points in `extra` to `points`, keeping them sorted by x (a refinement adds a few).
void merge_points(ScenarioPoints& points, const ScenarioPoints& extra) {
  for (std::size_t i = 0; i < extra.x.size(); ++i) {
    const auto at = std::upper_bound(points.x.begin(), points.x.end(), extra.x[i]);
    if (at != points.x.begin() && *(at - 1) == extra.x[i]) continue;
    const auto offset = at - points.x.begin();
    points.x.insert(at, extra.x[i]);
    points.part.insert(points.part.begin() + offset, extra.part[i]);
  }
}

using PartAt = std::function<Totals(const std::string& underlying, double log_ratio)>;

// Levels of every underlying of `prepared`, given its part's totals at known points (`parts`,
// which receives every point the refinements value) and `part_at` to value it anywhere.
std::vector<LiquidationLevels> search_underlyings(const PreparedAccount& prepared, const RiskConfig& config,
                                                  std::map<std::string, ScenarioPoints>& parts,
                                                  const PartAt& part_at) {
  // Account totals with nothing moved: collateral priced by no underlying, plus every part.
  Totals everything;
  for (const auto& c : prepared.collateral) {
    if (c.underlying.empty()) everything.equity += c.balance->amount * c.price;
  }
  std::map<std::string, Totals> parts_now;
  for (auto& [u, points] : parts) {
    const std::size_t now = grid_positions(points.x)[log_grid().size() / 2];  // x = 0
    parts_now[u] = points.part[now];
    everything = everything + points.part[now];
  }
  std::vector<LiquidationLevels> result;
  for (auto& entry : parts) {
    const std::string& u = entry.first;  // named, not a structured binding: lambdas capture it
    ScenarioPoints& points = entry.second;
    const Totals fixed = everything - parts_now[u];
    std::vector<Totals> totals;
    totals.reserve(points.part.size());
    for (const Totals& part : points.part) totals.push_back(part + fixed);
    ScenarioPoints visited;
    const double index = prepared.market->underlyings.at(u).index_price;
    result.push_back(search_levels(u, index, points.x, totals, [&](double x) {
      const Totals part = part_at(u, x);
      visited.x.push_back(x);
      visited.part.push_back(part);
      return part + fixed;
    }, config.warning_ratio));
    merge_points(points, visited);
  }
  return result;
}

}  // namespace

std::vector<LiquidationLevels> cross_liquidation_levels(const PreparedAccount& prepared,
                                                        const RiskConfig& config,
                                                        LiquidationSearchPoints* record) {
  const PartAt part_at = [&](const std::string& u, double x) {
    return underlying_totals(prepared, config, u, std::exp(x));
  };
  std::map<std::string, ScenarioPoints> parts;
  for (const auto& u : underlyings_of(prepared)) {
    ScenarioPoints& points = parts[u];
    points.x = log_grid();
    points.part = underlying_totals(prepared, config, u, points.x);
  }
  auto levels = search_underlyings(prepared, config, parts, part_at);
  if (record) record->parts = std::move(parts);
  return levels;
}

std::vector<LiquidationLevels> cross_liquidation_levels_after(const PreparedAccount& after,
                                                              const RiskConfig& config,
                                                              const LiquidationSearchPoints& before_points,
                                                              const PreparedAccount& removed,
                                                              const PreparedAccount& added) {
  const PartAt part_at = [&](const std::string& u, double x) {
    return underlying_totals(after, config, u, std::exp(x));
  };
  std::map<std::string, ScenarioPoints> parts;
  for (const auto& u : underlyings_of(after)) {
    ScenarioPoints& points = parts[u];
    const auto before = before_points.parts.find(u);
    if (before == before_points.parts.end()) {
      points.x = log_grid();
      points.part = underlying_totals(after, config, u, points.x);
      continue;
    }
    // before's part, with the changed positions (and collateral) swapped at each known point.
    points.x = before->second.x;
    points.part.reserve(points.x.size());
    for (std::size_t k = 0; k < points.x.size(); ++k) {
      const double ratio = std::exp(points.x[k]);
      points.part.push_back(before->second.part[k] - underlying_totals(removed, config, u, ratio) +
                            underlying_totals(added, config, u, ratio));
    }
  }
  return search_underlyings(after, config, parts, part_at);
}

LiquidationLevels isolated_liquidation_levels(const PreparedPosition& prepared, const RiskConfig& config) {
  const Position& position = *prepared.position;
  const Instrument& instrument = position.instrument;
  const double index = prepared.market->index_price;
  auto totals_at = [&](double x) {
    const double ratio = std::exp(x);
    const PositionValue v = value_position(prepared, config.schedule, ratio, false);
    const double margin_usd = instrument.is_inverse() ? position.isolated_margin * v.index
                                                      : position.isolated_margin;
    return Totals{margin_usd + v.unrealized_pnl_usd, v.initial_margin_usd, v.maintenance_margin_usd};
  };
  LiquidationLevels levels =
      search_levels(instrument.underlying, index, log_grid(), grid_of(totals_at), totals_at, config.warning_ratio);
  const bool future_like = instrument.kind == InstrumentKind::future || instrument.kind == InstrumentKind::perpetual;
  // Linear futures and perpetuals: the exact closed form in the mark price, mapped to the index by
  // the snapshot's basis (their size tier, in coins, does not move with the price). Inverse ones
  // keep the searched level: their tier (USD size / mark) moves with the price, which turns the
  // equation into a quadratic best left to the search.
  if (future_like && !instrument.is_inverse()) {
    const double basis = prepared.base_mark / index;
    const double coins = std::fabs(position.size);
    const double rate = futures_margin(config.schedule.futures, coins).maintenance_rate;
    const double mark = isolated_linear_liquidation_price(position.size, position.entry_price,
                                                          position.isolated_margin, rate);
    levels.liquidation.clear();
    if (std::isfinite(mark) && mark > 0.0) levels.liquidation.push_back(level_at(index, std::log(mark / basis / index)));
  }
  return levels;
}

double isolated_linear_liquidation_price(double size, double entry_price, double margin_usd,
                                         double maintenance_rate) {
  // margin + size (P - entry) = rate |size| P
  const double denominator = size - maintenance_rate * std::fabs(size);
  const double price = (size * entry_price - margin_usd) / denominator;
  return denominator != 0.0 && price > 0.0 ? price : std::numeric_limits<double>::quiet_NaN();
}


}  // namespace marginkit
