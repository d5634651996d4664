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

#include "margin/standard_margin.hpp"

namespace marginkit {

namespace {

// ln(index ratio) grid: 2.5 % steps to +-25 %, 12.5 % to +-100 %, 40 % to +-460 % (x100).
std::vector<double> make_log_grid() {
  std::vector<double> side;
  for (int i = 1; i <= 10; ++i) side.push_back(0.025 * i);
  for (int i = 1; i <= 6; ++i) side.push_back(0.25 + 0.125 * i);
  for (int i = 1; i <= 9; ++i) side.push_back(1.0 + 0.4 * i);
  std::vector<double> grid;
  for (auto it = side.rbegin(); it != side.rend(); ++it) grid.push_back(-*it);
  grid.push_back(0.0);
  for (double x : side) grid.push_back(x);
  return grid;
}

const std::vector<double>& log_grid() {
  static const std::vector<double> grid = make_log_grid();
  return grid;
}

using Totals = ScenarioTotals;
using TotalsAt = std::function<Totals(double log_ratio)>;

// The three functions whose zeros are reported, from totals at one index level.
double liquidation_gap(const Totals& t) { return t.equity - t.maintenance; }
double margin_call_gap(const Totals& t) { return t.equity - t.initial; }
double warning_gap(const Totals& t, double ratio) { return ratio * t.equity - t.maintenance; }

// Sign changes of gap(x) on the grid, refined to ~1e-10 relative in the index. `nearest_only`:
// only the crossing nearest the current index on each side is refined (the others are not
// reported, and each refinement is a revaluation of the book).
std::vector<double> crossings(const std::vector<double>& grid, const std::vector<double>& values,
                              const std::function<double(double)>& gap, bool nearest_only) {
  std::vector<std::size_t> cells;  // i: a sign change between grid[i-1] and grid[i]
  for (std::size_t i = 1; i < grid.size(); ++i) {
    const bool change = values[i - 1] == 0.0 || (values[i - 1] < 0.0) != (values[i] < 0.0);
    if (change) cells.push_back(i);
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
    double a = grid[i - 1], b = grid[i];
    double fa = values[i - 1], fb = values[i];
    if (fa == 0.0) { roots.push_back(a); continue; }
    if (fb == 0.0) { roots.push_back(b); continue; }
    std::uintmax_t iterations = 60;
    const auto bracket = boost::math::tools::toms748_solve(
        gap, a, b, fa, fb, boost::math::tools::eps_tolerance<double>(34), iterations);
    roots.push_back(0.5 * (bracket.first + bracket.second));
  }
  std::sort(roots.begin(), roots.end());
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

// `grid_totals`: the account's totals at every grid level; `totals_at`: the same at any level,
// for refining crossings.
LiquidationLevels search_levels(const std::string& underlying, double index,
                                const std::vector<Totals>& grid_totals, const TotalsAt& totals_at,
                                double warning_ratio) {
  const auto& grid = log_grid();
  std::vector<double> liquidation(grid.size()), margin_call(grid.size()), warning(grid.size());
  for (std::size_t i = 0; i < grid.size(); ++i) {
    const Totals& t = grid_totals[i];
    liquidation[i] = liquidation_gap(t);
    margin_call[i] = margin_call_gap(t);
    warning[i] = warning_gap(t, warning_ratio);
  }
  LiquidationLevels levels;
  levels.underlying = underlying;
  levels.index = index;
  levels.liquidation = all_levels(index, crossings(grid, liquidation, [&](double x) {
    return liquidation_gap(totals_at(x));
  }, false));
  levels.margin_call = nearest_levels(index, crossings(grid, margin_call, [&](double x) {
    return margin_call_gap(totals_at(x));
  }, true));
  levels.warning = nearest_levels(index, crossings(grid, warning, [&](double x) {
    return warning_gap(totals_at(x), warning_ratio);
  }, true));
  return levels;
}

std::vector<Totals> grid_of(const TotalsAt& totals_at) {
  std::vector<Totals> totals;
  for (double x : log_grid()) totals.push_back(totals_at(x));
  return totals;
}

}  // namespace

std::vector<LiquidationLevels> cross_liquidation_levels(const PreparedAccount& prepared,
                                                        const RiskConfig& config,
                                                        LiquidationGrids* grids_out,
                                                        const LiquidationGrids* reuse,
                                                        const std::set<std::string>* changed) {
  std::set<std::string> underlyings;
  for (const auto& p : prepared.positions) underlyings.insert(p.position->instrument.underlying);
  for (const auto& c : prepared.collateral) {
    if (!c.underlying.empty()) underlyings.insert(c.underlying);
  }
  // Account totals with nothing moved: collateral priced by no underlying, plus every part.
  Totals everything;
  for (const auto& c : prepared.collateral) {
    if (c.underlying.empty()) everything.equity += c.balance->amount * c.price;
  }
  std::map<std::string, Totals> parts_now;
  for (const auto& u : underlyings) {
    const Totals part = underlying_totals(prepared, config, u, 1.0);
    parts_now[u] = part;
    everything.equity += part.equity;
    everything.initial += part.initial;
    everything.maintenance += part.maintenance;
  }
  std::vector<LiquidationLevels> result;
  for (const auto& u : underlyings) {
    const Totals& moving = parts_now[u];
    const Totals fixed{everything.equity - moving.equity, everything.initial - moving.initial,
                       everything.maintenance - moving.maintenance};
    auto part_at = [&](double x) { return underlying_totals(prepared, config, u, std::exp(x)); };
    std::vector<Totals> parts;
    const bool reusable = reuse && changed && !changed->count(u) && reuse->parts.count(u);
    parts = reusable ? reuse->parts.at(u) : grid_of(part_at);
    std::vector<Totals> totals = parts;
    for (auto& t : totals) {
      t.equity += fixed.equity;
      t.initial += fixed.initial;
      t.maintenance += fixed.maintenance;
    }
    const double index = prepared.market->underlyings.at(u).index_price;
    result.push_back(search_levels(u, index, totals, [&](double x) {
      const Totals t = part_at(x);
      return Totals{fixed.equity + t.equity, fixed.initial + t.initial, fixed.maintenance + t.maintenance};
    }, config.warning_ratio));
    if (grids_out) grids_out->parts[u] = std::move(parts);
  }
  return result;
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
      search_levels(instrument.underlying, index, grid_of(totals_at), totals_at, config.warning_ratio);
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
