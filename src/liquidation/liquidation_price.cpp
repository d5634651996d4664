#include "liquidation/liquidation_price.hpp"

#include "common/boost_config.hpp"

#include <algorithm>
#include <boost/math/tools/toms748_solve.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <set>

#include "account/collateral.hpp"
#include "common/function_ref.hpp"
#include "common/minsize.hpp"
#include "common/small_sort.hpp"
#include "liquidation/search_support.hpp"
#include "margin/standard_margin.hpp"

namespace marginkit {

namespace {

// ---------------------------------------------------------------------------------------------
// The scan: where the account is valued before any cell is looked into.

// ln(index ratio) grid: 2.5 % steps to +-25 %, 12.5 % to +-100 %, 40 % to +-460 % (x100): 25
// levels each side of the index and the index itself. Crossings are searched in [-4.6, 4.6].
constexpr std::size_t kSideLevels = 25;
constexpr double side_level(std::size_t i) {  // i = 1..25
  return i <= 10 ? 0.025 * i : i <= 16 ? 0.25 + 0.125 * (i - 10) : 1.0 + 0.4 * (i - 16);
}
constexpr double kSearchedEnd = side_level(kSideLevels);  // 4.6
// One more level each side, outside the searched range: every searched cell then has valued
// points beyond both its ends, which the bounds below need.
constexpr double kGuard = kSearchedEnd + 0.4;

}  // namespace

namespace search {
const std::vector<double>& scan_levels() {
  static const std::vector<double> levels = [] {
    std::vector<double> x(2 * kSideLevels + 3, 0.0);
    const std::size_t mid = kSideLevels + 1;
    for (std::size_t i = 1; i <= kSideLevels; ++i) {
      x[mid - i] = -side_level(i);
      x[mid + i] = side_level(i);
    }
    x.front() = -kGuard;
    x.back() = kGuard;
    return x;
  }();
  return levels;
}
}  // namespace search
using search::scan_levels;

namespace {

// Cells are not split below this width in ln(price) (2.3e-10 of the price): an unhealthy band
// narrower than that, inside a cell the bounds could not clear, is the one thing not found.
constexpr double kMinCellWidth = 0x1p-32;
// A safety cap on the revaluations spent splitting cells, per underlying and function searched.
// Far above what the tests' books need (a few dozen); it only bounds the time of a pathological
// input (a gap that hugs zero over a long range).
constexpr int kMaxSplits = 2000;

using Totals = ScenarioTotals;

// ---------------------------------------------------------------------------------------------
// The three functions whose zeros are reported.

enum class Gap : std::int8_t { liquidation, margin_call, warning };

// One gap at one index level. `up` and `down` are convex functions of the index (see
// ScenarioTotals) with value = up - down: what lets a cell be cleared from its neighbours'
// values alone. `bad`: the level is on the side the status calls liquidation (margin call,
// warning), ties decided as classify() decides them.
struct GapValue {
  double value = 0.0;
  double up = 0.0;
  double down = 0.0;
  bool bad = false;
  bool tie_is_bad = false;  // a zero gap here would be bad: something is at risk (MM > 0)
};

GapValue gap_value(Gap gap, const Totals& t, double warning_ratio) {
  GapValue g;
  g.tie_is_bad = gap != Gap::margin_call && t.maintenance > 0.0;
  switch (gap) {
    case Gap::liquidation:  // equity < MM, or equity = MM > 0
      g.value = t.equity - t.maintenance;
      g.up = t.equity + t.short_options;
      g.down = t.short_options + t.maintenance;
      g.bad = g.value < 0.0 || (g.value == 0.0 && g.tie_is_bad);
      break;
    case Gap::margin_call:  // equity < IM
      g.value = t.equity - t.initial;
      g.up = t.equity + t.short_options + t.otm_credit;
      g.down = t.short_options + t.initial + t.otm_credit;
      g.bad = g.value < 0.0;
      break;
    case Gap::warning:  // MM / equity >= ratio, MM > 0
      g.value = warning_ratio * t.equity - t.maintenance;
      g.up = warning_ratio * (t.equity + t.short_options);
      g.down = warning_ratio * t.short_options + t.maintenance;
      g.bad = g.value < 0.0 || (g.value == 0.0 && g.tie_is_bad);
      break;
  }
  return g;
}

// For the solver: the gap, with an exact zero given the sign of the side it belongs to.
double signed_value(const GapValue& g) {
  if (g.value != 0.0) return g.value;
  const double tiny = std::numeric_limits<double>::denorm_min();
  return g.bad ? -tiny : tiny;
}

// ---------------------------------------------------------------------------------------------
// The account along one underlying's index: the points valued so far, growing as the search
// values more (each new point is kept, for the next function searched and for a later search).

using PartAt = FunctionRef<Totals(double log_ratio)>;

class Scan {
 public:
  Scan(ScenarioPoints& points, const Totals& fixed, PartAt part_at, double warning_ratio)
      : points_(points), fixed_(fixed), part_at_(std::move(part_at)), warning_ratio_(warning_ratio) {
    ratio_.reserve(points.x.size());
    for (double x : points.x) ratio_.push_back(std::exp(x));
  }

  std::size_t size() const { return points_.x.size(); }
  double x(std::size_t k) const { return points_.x[k]; }
  double ratio(std::size_t k) const { return ratio_[k]; }  // e^x, the variable of convexity
  GapValue gap(Gap g, std::size_t k) const { return gap_value(g, points_.part[k] + fixed_, warning_ratio_); }
  // The index of the point at x, which must have been valued.
  std::size_t at(double x) const {
    return static_cast<std::size_t>(std::lower_bound(points_.x.begin(), points_.x.end(), x) - points_.x.begin());
  }
  // Values the account at x (once) and returns the gap there.
  GapValue value(Gap g, double x) {
    const auto found = std::lower_bound(points_.x.begin(), points_.x.end(), x);
    const auto k = found - points_.x.begin();
    if (found == points_.x.end() || *found != x) {
      points_.x.insert(found, x);
      points_.part.insert(points_.part.begin() + k, part_at_(x));
      ratio_.insert(ratio_.begin() + k, std::exp(x));
    }
    return gap(g, static_cast<std::size_t>(k));
  }
  const std::vector<double>& kinks(Gap g) const {
    return g == Gap::margin_call ? points_.initial_kinks : points_.maintenance_kinks;
  }
  // Whether the margins jump somewhere within [x1, x2] (either order), ends included.
  bool jumps_within(double x1, double x2) const {
    const auto& breaks = points_.breaks;
    const auto first = std::lower_bound(breaks.begin(), breaks.end(), std::min(x1, x2));
    return first != breaks.end() && *first <= std::max(x1, x2);
  }

 private:
  ScenarioPoints& points_;
  std::vector<double> ratio_;
  Totals fixed_;
  PartAt part_at_;
  double warning_ratio_;
};

// ---------------------------------------------------------------------------------------------
// Bounds on a cell between two consecutive valued points, from convexity.
//
// A convex function lies above every secant line outside the secant's own interval, and below
// its chord inside it. With gap = up - down (both convex), on a cell [a, b]:
//   up >= the secants of the points just left of a and just right of b, extended into the cell;
//   down <= its chord over [a, b];
// so gap >= max(two lines) - chord, a convex piecewise-linear function whose least value is at a,
// b or where the two lines cross. Swapping the roles bounds the gap from above. The slopes of
// the same secants bound up' and down' on the cell, hence gap': when it cannot vanish there, a
// sign change is one crossing. Everything is in the index ratio r = e^x, the variable the
// functions are convex in.

struct Line {
  double r0 = 0.0, v0 = 0.0, slope = 0.0;
  double at(double r) const { return v0 + slope * (r - r0); }
};

Line through(double ra, double va, double rb, double vb) { return Line{ra, va, (vb - va) / (rb - ra)}; }

// Secants from points too close together would carry their values' rounding far into the cell:
// a neighbour's secant spans at least this share of the cell (any secant outside it is valid).
constexpr double kMinSecantShare = 1e-3;

struct CellLines {
  bool has_left = false, has_right = false;
  Line up_left, up_right, down_left, down_right;  // secants beyond the cell
  Line up_chord, down_chord;                       // over the cell
  double ra = 0.0, rb = 0.0;
};

// The nearest point left of k (right when step = +1) at least `span` away in r, with no jump of
// the margins in between (a secant across one bounds nothing); -1 if none.
std::ptrdiff_t neighbour(const Scan& scan, std::size_t k, int step, double span) {
  const double rk = scan.ratio(k);
  for (auto j = static_cast<std::ptrdiff_t>(k) + step; j >= 0 && j < static_cast<std::ptrdiff_t>(scan.size());
       j += step) {
    if (scan.jumps_within(scan.x(static_cast<std::size_t>(j)), scan.x(k))) return -1;
    if (std::fabs(scan.ratio(static_cast<std::size_t>(j)) - rk) >= span) return j;
  }
  return -1;
}

CellLines cell_lines(const Scan& scan, Gap gap, std::size_t k) {
  CellLines c;
  c.ra = scan.ratio(k);
  c.rb = scan.ratio(k + 1);
  const GapValue a = scan.gap(gap, k), b = scan.gap(gap, k + 1);
  c.up_chord = through(c.ra, a.up, c.rb, b.up);
  c.down_chord = through(c.ra, a.down, c.rb, b.down);
  const double span = kMinSecantShare * (c.rb - c.ra);
  if (const auto j = neighbour(scan, k, -1, span); j >= 0) {
    const GapValue left = scan.gap(gap, static_cast<std::size_t>(j));
    const double rj = scan.ratio(static_cast<std::size_t>(j));
    c.up_left = through(rj, left.up, c.ra, a.up);
    c.down_left = through(rj, left.down, c.ra, a.down);
    c.has_left = true;
  }
  if (const auto j = neighbour(scan, k + 1, +1, span); j >= 0) {
    const GapValue right = scan.gap(gap, static_cast<std::size_t>(j));
    const double rj = scan.ratio(static_cast<std::size_t>(j));
    c.up_right = through(c.rb, b.up, rj, right.up);
    c.down_right = through(c.rb, b.down, rj, right.down);
    c.has_right = true;
  }
  return c;
}

// The least over [ra, rb] of max(left, right) - chord (lines present as flagged).
double least_of(const Line* left, const Line* right, const Line& chord, double ra, double rb) {
  auto under = [&](double r) {
    double v = -std::numeric_limits<double>::infinity();
    if (left) v = std::max(v, left->at(r));
    if (right) v = std::max(v, right->at(r));
    return v - chord.at(r);
  };
  double least = std::min(under(ra), under(rb));
  if (left && right && left->slope != right->slope) {
    const double r = (right->at(0.0) - left->at(0.0)) / (left->slope - right->slope);
    if (r > ra && r < rb) least = std::min(least, under(r));
  }
  return least;
}

double gap_lower_bound(const CellLines& c) {
  return least_of(c.has_left ? &c.up_left : nullptr, c.has_right ? &c.up_right : nullptr, c.down_chord, c.ra, c.rb);
}

double gap_upper_bound(const CellLines& c) {
  return -least_of(c.has_left ? &c.down_left : nullptr, c.has_right ? &c.down_right : nullptr, c.up_chord, c.ra,
                   c.rb);
}

// gap' on the cell lies in [up_left' - down_right', up_right' - down_left'].
bool gap_is_monotone(const CellLines& c) {
  if (!c.has_left || !c.has_right) return false;
  return c.up_left.slope - c.down_right.slope > 0.0 || c.up_right.slope - c.down_left.slope < 0.0;
}

enum class Verdict : std::int8_t { no_crossing, one_crossing, unknown };

Verdict judge_cell(const Scan& scan, Gap gap, std::size_t k) {
  // Across a jump of the margins no chord bounds anything: split (at the points just beside the
  // jump, kinks), down to a cell too narrow to split, whose ends then tell.
  if (scan.jumps_within(scan.x(k), scan.x(k + 1))) return Verdict::unknown;
  const GapValue a = scan.gap(gap, k), b = scan.gap(gap, k + 1);
  const CellLines lines = cell_lines(scan, gap, k);
  if (a.bad != b.bad) return gap_is_monotone(lines) ? Verdict::one_crossing : Verdict::unknown;
  if (a.bad) return gap_upper_bound(lines) < 0.0 ? Verdict::no_crossing : Verdict::unknown;
  const double lower = gap_lower_bound(lines);
  if (lower > 0.0) return Verdict::no_crossing;
  // A zero gap is healthy where nothing is at risk; MM (convex, >= 0) zero at both ends is zero
  // throughout the cell.
  if (lower == 0.0 && !a.tie_is_bad && !b.tie_is_bad) return Verdict::no_crossing;
  return Verdict::unknown;
}

// ---------------------------------------------------------------------------------------------
// Finding the crossings of one gap.

// Done when the bracket is 2^-34 of |x| wide, or 6e-14 wide near the index (x ~ 0, where a
// purely relative test would ask for digits the prices do not have).
bool bracket_done(double a, double b) {
  return std::fabs(a - b) <= 0x1p-34 * std::max({std::fabs(a), std::fabs(b), 1e-3});
}

class CrossingSearch {
 public:
  CrossingSearch(Scan& scan, Gap gap) : scan_(scan), gap_(gap) {}

  // Every crossing in [from, to] (valued points, from < to), ascending.
  std::vector<double> all(double from, double to) {
    std::vector<double> roots;
    for (double a = from; a < to;) {
      const double b = scan_.x(scan_.at(a) + 1);  // before the cell's search adds points inside it
      search_cell(a, b, false, false, roots);
      a = b;
    }
    return roots;
  }

  // The crossing nearest `from` on the way to `to` (either order); empty if none.
  std::vector<double> nearest(double from, double to) {
    std::vector<double> roots;
    const bool down = to < from;
    for (std::size_t k = scan_.at(from); down ? scan_.x(k) > to : scan_.x(k) < to;) {
      const double a = scan_.x(down ? k - 1 : k), b = scan_.x(down ? k : k + 1);
      if (search_cell(a, b, down, true, roots)) break;
      k = scan_.at(down ? a : b);
    }
    return roots;
  }

 private:
  // Crossings in the cell [a, b] (consecutive valued points) appended in the order searched
  // (downward: from b); with `first_only`, stops at the first. Returns whether one was found.
  bool search_cell(double a, double b, bool downward, bool first_only, std::vector<double>& roots) {
    const Verdict verdict = judge_cell(scan_, gap_, scan_.at(a));
    if (verdict == Verdict::no_crossing) return false;
    const double kink = kink_inside(a, b);
    const bool can_split = b - a > kMinCellWidth && splits_ < kMaxSplits;
    if (verdict == Verdict::one_crossing && (std::isnan(kink) || !can_split)) {
      roots.push_back(refine(a, b));
      return true;
    }
    if (!can_split) {
      // Unresolved, and too narrow to split (or the cap is spent): what the cell's ends show.
      // Below kMinCellWidth that misses at most a band narrower than the cell.
      if (scan_.gap(gap_, scan_.at(a)).bad == scan_.gap(gap_, scan_.at(b)).bad) return false;
      roots.push_back(refine(a, b));
      return true;
    }
    const double split = std::isnan(kink) ? 0.5 * (a + b) : kink;
    scan_.value(gap_, split);
    ++splits_;
    const double first_a = downward ? split : a, first_b = downward ? b : split;
    const double second_a = downward ? a : split, second_b = downward ? split : b;
    const bool found = search_cell(first_a, first_b, downward, first_only, roots);
    if (found && first_only) return true;
    return search_cell(second_a, second_b, downward, first_only, roots) || found;
  }

  // The kink of this gap inside (a, b) nearest its middle (between kinks the gap is smooth,
  // which the solver's speed assumes); NaN if none.
  double kink_inside(double a, double b) const {
    const auto& kinks = scan_.kinks(gap_);
    const double mid = 0.5 * (a + b);
    double best = std::nan("");
    for (auto it = std::upper_bound(kinks.begin(), kinks.end(), a); it != kinks.end() && *it < b; ++it) {
      if (std::isnan(best) || std::fabs(*it - mid) < std::fabs(best - mid)) best = *it;
    }
    return best;
  }

  // The crossing in [a, b], whose ends are on either side of it, by TOMS 748.
  double refine(double a, double b) {
    const auto f = [&](double x) { return signed_value(scan_.value(gap_, x)); };
    const double fa = signed_value(scan_.gap(gap_, scan_.at(a)));
    const double fb = signed_value(scan_.gap(gap_, scan_.at(b)));
    std::uintmax_t iterations = 60;
    const auto bracket = boost::math::tools::toms748_solve(f, a, b, fa, fb, bracket_done, iterations);
    return 0.5 * (bracket.first + bracket.second);
  }

  Scan& scan_;
  Gap gap_;
  int splits_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Levels of one underlying.

PriceLevel level_at(double index, double log_ratio) {
  PriceLevel level;
  level.price = index * std::exp(log_ratio);
  level.distance_percent = (std::exp(log_ratio) - 1.0) * 100.0;
  level.direction = log_ratio < 0.0 ? PriceDirection::below : PriceDirection::above;
  return level;
}

std::vector<PriceLevel> levels_at(double index, const std::vector<double>& roots) {
  std::vector<PriceLevel> levels;
  for (double x : roots) levels.push_back(level_at(index, x));
  return levels;
}

// The nearest crossing below the index and the nearest above.
std::vector<PriceLevel> nearest_levels(Scan& scan, Gap gap, double index) {
  CrossingSearch search(scan, gap);
  std::vector<double> roots = search.nearest(0.0, -kSearchedEnd);
  const std::vector<double> above = search.nearest(0.0, kSearchedEnd);
  roots.insert(roots.end(), above.begin(), above.end());
  return levels_at(index, roots);
}

// `points`: the underlying's part valued at known levels (the scan levels among them), which
// receives every point the search values; `fixed`: the rest of the account; `part_at`: the part
// valued anywhere.
LiquidationLevels search_levels(const std::string& underlying, double index, ScenarioPoints& points,
                                const Totals& fixed, const PartAt& part_at, double warning_ratio) {
  Scan scan(points, fixed, part_at, warning_ratio);
  LiquidationLevels levels;
  levels.underlying = underlying;
  levels.index = index;
  levels.liquidation = levels_at(index, CrossingSearch(scan, Gap::liquidation).all(-kSearchedEnd, kSearchedEnd));
  levels.margin_call = nearest_levels(scan, Gap::margin_call, index);
  levels.warning = nearest_levels(scan, Gap::warning, index);
  return levels;
}

// ---------------------------------------------------------------------------------------------
// Where margins bend.

// A jump of the margins is valued just beside it, at +-kJumpSide in ln(price): the cell between
// the two is narrower than kMinCellWidth, so it is not split but judged by its ends.
constexpr double kJumpSide = 0x1p-36;

// Adds the kinks of the short options among `positions`, and the kinks and jumps of their futures'
// tier tables (ln index ratio, within the scan).
void add_kinks(const std::vector<const PreparedPosition*>& positions, const MarginSchedule& schedule,
               ScenarioPoints& points) {
  const std::size_t maintenance_known = points.maintenance_kinks.size(), initial_known = points.initial_kinks.size();
  const auto add_both = [&](double x) {
    if (!(std::fabs(x) < kGuard)) return;
    points.maintenance_kinks.push_back(x);
    points.initial_kinks.push_back(x);
  };
  const std::vector<double> tier_bounds = futures_tier_bounds(schedule.futures);
  for (const PreparedPosition* p : positions) {
    const Instrument& instrument = p->position->instrument;
    if (p->position->size == 0.0) continue;
    if (!instrument.is_option()) {
      // A tier table's bracket moves with the price where its measure does: an inverse future's
      // size in coins (|size| / mark), a linear one's notional (|size| x mark).
      const bool coins = schedule.futures.tier_unit == TierUnit::coins;
      if (tier_bounds.empty() || coins != instrument.is_inverse()) continue;
      const double at_now = std::fabs(p->position->size) * (coins ? 1.0 / p->base_mark : p->base_mark);
      for (double bound : tier_bounds) {
        const double x = (coins ? -1.0 : 1.0) * std::log(bound / at_now);
        if (schedule.futures.tier_mode == TierMode::marginal) {
          add_both(x);
        } else if (std::fabs(x) < kGuard) {
          points.breaks.push_back(x);
          add_both(x - kJumpSide);
          add_both(x + kJumpSide);
        }
      }
      continue;
    }
    if (p->position->size > 0.0) continue;
    // The formula's price R moves with the index: R / R now = the index ratio.
    const bool index = schedule.options.reference == ReferencePrice::index;
    const double reference = index ? p->market->index_price : p->base_forward;
    const double forward_per_reference = p->base_forward / reference;
    const auto mark = [&](double r) { return option_premium_usd(*p, r / reference); };
    const auto entry = [&](double r) {
      return instrument.is_inverse() ? p->entry_price * r * forward_per_reference : p->entry_price;
    };
    const OptionMarginKinks kinks =
        option_margin_kinks(schedule.options, instrument.option_type, instrument.strike, mark, entry,
                            reference * std::exp(-kGuard), reference * std::exp(kGuard));
    for (double r : kinks.maintenance) points.maintenance_kinks.push_back(std::log(r / reference));
    for (double r : kinks.initial) points.initial_kinks.push_back(std::log(r / reference));
  }
  // The new kinks sorted first (one per short option: an insertion sort of them all would take
  // time quadratic in the book), then inserted among the known, sorted ones.
  std::sort(points.maintenance_kinks.begin() + static_cast<std::ptrdiff_t>(maintenance_known), points.maintenance_kinks.end());
  std::sort(points.initial_kinks.begin() + static_cast<std::ptrdiff_t>(initial_known), points.initial_kinks.end());
  for (auto* kinks : {&points.maintenance_kinks, &points.initial_kinks}) {
    small_sort(kinks->begin(), kinks->end());
    kinks->erase(std::unique(kinks->begin(), kinks->end()), kinks->end());
  }
  std::sort(points.breaks.begin(), points.breaks.end());
  points.breaks.erase(std::unique(points.breaks.begin(), points.breaks.end()), points.breaks.end());
}

std::vector<const PreparedPosition*> positions_of(const PreparedAccount& prepared, const std::string& underlying) {
  std::vector<const PreparedPosition*> out;
  const auto group = prepared.positions_by_underlying.find(underlying);
  if (group == prepared.positions_by_underlying.end()) return out;
  for (std::size_t i : group->second) out.push_back(&prepared.positions[i]);
  return out;
}

// The scan levels and the kinks of `prepared`'s positions on `underlying`, valued afresh (all
// levels in one pass over the book: see underlying_totals). Once per search and underlying, the
// work in the functions it calls: compiled for size.
MARGINKIT_MINSIZE ScenarioPoints fresh_points(const PreparedAccount& prepared, const RiskConfig& config, const std::string& underlying) {
  ScenarioPoints points;
  points.x = scan_levels();
  points.part = underlying_totals(prepared, config, underlying, points.x);
  add_kinks(positions_of(prepared, underlying), config.schedule, points);
  return points;
}

}  // namespace

namespace search {
MARGINKIT_MINSIZE std::set<std::string> underlyings_of(const PreparedAccount& prepared) {  // once per search: for size
  std::set<std::string> underlyings;
  for (const auto& p : prepared.positions) underlyings.insert(p.position->instrument.underlying);
  for (const auto& c : prepared.collateral) {
    if (!c.underlying.empty()) underlyings.insert(c.underlying);
  }
  return underlyings;
}
}  // namespace search
using search::underlyings_of;

namespace {


// Levels of every underlying of `prepared`, given its parts' points (`parts`, which receive
// every point the searches value) and `part_at` to value a part anywhere.
}  // namespace

namespace search {
// Once per search, the levels' searches (search_levels) out of line: compiled for size.
MARGINKIT_MINSIZE std::vector<LiquidationLevels> search_underlyings(const PreparedAccount& prepared, const RiskConfig& config,
                                                                    std::map<std::string, ScenarioPoints>& parts,
                                                                    const UnderlyingPartAt& part_at) {
  // Account totals with nothing moved: collateral priced by no underlying, plus every part.
  Totals everything;
  for (const auto& c : prepared.collateral) {
    if (c.underlying.empty()) everything.equity += collateral_value_usd(c);
  }
  std::map<std::string, Totals> parts_now;
  for (auto& [u, points] : parts) {
    const auto now = std::lower_bound(points.x.begin(), points.x.end(), 0.0) - points.x.begin();
    parts_now[u] = points.part[static_cast<std::size_t>(now)];
    everything = everything + parts_now[u];
  }
  std::vector<LiquidationLevels> result;
  for (auto& entry : parts) {
    const std::string& u = entry.first;  // named, not a structured binding: lambdas capture it
    const double index = prepared.market->underlyings.at(u).index_price;
    result.push_back(search_levels(u, index, entry.second, everything - parts_now[u],
                                   [&](double x) { return part_at(u, x); }, config.warning_ratio));
  }
  return result;
}
}  // namespace search
using search::search_underlyings;

namespace {

}  // namespace


std::vector<LiquidationLevels> cross_liquidation_levels(const PreparedAccount& prepared,
                                                        const RiskConfig& config,
                                                        LiquidationSearchPoints* record) {
  const auto part_at = [&](const std::string& u, double x) {
    return underlying_totals(prepared, config, u, std::exp(x));
  };
  std::map<std::string, ScenarioPoints> parts;
  for (const auto& u : underlyings_of(prepared)) {
    parts[u] = fresh_points(prepared, config, u);
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
  const auto part_at = [&](const std::string& u, double x) {
    return underlying_totals(after, config, u, std::exp(x));
  };
  std::map<std::string, ScenarioPoints> parts;
  for (const auto& u : underlyings_of(after)) {
    const auto before = before_points.parts.find(u);
    if (before == before_points.parts.end()) {
      parts[u] = fresh_points(after, config, u);
      continue;
    }
    // before's part, with the changed positions (and collateral) swapped at each known point;
    // before's kinks (those of removed positions only cost a split where one is needed anyway)
    // and the added positions' own.
    ScenarioPoints& points = parts[u];
    points = before->second;
    for (std::size_t k = 0; k < points.x.size(); ++k) {
      const double ratio = std::exp(points.x[k]);
      points.part[k] = points.part[k] - underlying_totals(removed, config, u, ratio) +
                       underlying_totals(added, config, u, ratio);
    }
    add_kinks(positions_of(added, u), config.schedule, points);
  }
  return search_underlyings(after, config, parts, part_at);
}

namespace {

// The part valued at each of `points`' levels: the isolated search's scan, at full speed (not
// inlined into its caller, which is compiled for size).
template <class TotalsAt>
[[gnu::noinline]] void value_at_levels(ScenarioPoints& points, const TotalsAt& totals_at) {
  for (double x : points.x) points.part.push_back(totals_at(x));
}

}  // namespace

// Once per isolated position, the work in value_position and search_levels: compiled for size.
MARGINKIT_MINSIZE LiquidationLevels isolated_liquidation_levels(const PreparedPosition& prepared, const RiskConfig& config) {
  const Position& position = *prepared.position;
  const Instrument& instrument = position.instrument;
  const double index = prepared.market->index_price;
  // The position on its own margin: equity = isolated margin + unrealised P&L.
  const auto totals_at = [&](double x) {
    const double ratio = std::exp(x);
    const PositionValue v = value_position(prepared, config.schedule, ratio, false);
    Totals t;
    t.equity = isolated_margin_usd(position, v.index) + v.unrealized_pnl_usd;
    t.initial = v.initial_margin_usd;
    t.maintenance = v.maintenance_margin_usd;
    t.otm_credit = v.otm_credit_usd;
    if (instrument.is_option() && v.value_usd < 0.0) t.short_options = -v.value_usd;
    return t;
  };
  if (is_paid_in_full(prepared)) {  // nothing to liquidate, at any price (account_risk.cpp)
    LiquidationLevels none;
    none.underlying = instrument.underlying;
    none.instrument = instrument.name;
    none.index = index;
    return none;
  }
  ScenarioPoints points;
  points.x = scan_levels();
  value_at_levels(points, totals_at);
  add_kinks({&prepared}, config.schedule, points);
  LiquidationLevels levels = search_levels(instrument.underlying, index, points, Totals{}, totals_at,
                                           config.warning_ratio);
  levels.instrument = instrument.name;
  const bool future_like = instrument.kind == InstrumentKind::future || instrument.kind == InstrumentKind::perpetual;
  // Linear futures and perpetuals: the exact closed form in the mark price, mapped to the index by
  // the snapshot's basis (their size tier, in coins, does not move with the price). Inverse ones
  // keep the searched level: their tier (USD size / mark) moves with the price, which turns the
  // equation into a quadratic best left to the search; so do linear ones under a tier table in USD
  // of notional (|size| x mark), whose bracket moves with the price too.
  const FuturesMarginRule& futures = config.schedule.futures;
  const bool tier_moves = !futures.tiers.empty() && futures.tier_unit == TierUnit::usd;  // notional tiers
  if (future_like && !instrument.is_inverse() && !tier_moves) {
    const double basis = prepared.base_mark / index;
    const double coins = std::fabs(position.size);
    const double rate = futures_margin(futures, coins, coins * prepared.base_mark).maintenance_rate;
    const double mark = isolated_linear_liquidation_price(position.size, position.entry_price,
                                                          isolated_margin_usd(position, index), rate);
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
