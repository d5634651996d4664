#include "market/market_lookup.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "common/checks.hpp"
#include "common/small_sort.hpp"

namespace marginkit {

namespace {

// Linear interpolation of y(x) over sorted knots, flat beyond the ends.
template <class Points, class X, class Y>
double interpolate_flat(const Points& points, double x, X get_x, Y get_y) {
  if (x <= get_x(points.front())) return get_y(points.front());
  if (x >= get_x(points.back())) return get_y(points.back());
  for (std::size_t i = 1; i < points.size(); ++i) {
    const double x1 = get_x(points[i]);
    if (x <= x1) {
      const double x0 = get_x(points[i - 1]);
      const double w = (x - x0) / (x1 - x0);
      return get_y(points[i - 1]) * (1 - w) + get_y(points[i]) * w;
    }
  }
  return get_y(points.back());
}

bool smile_order(const SmileVolPoint& a, const SmileVolPoint& b) {
  return a.expiry != b.expiry ? a.expiry < b.expiry : a.strike < b.strike;
}

// Smile of one expiry, points [begin, end) sorted by strike: vol linear in ln(strike), flat
// beyond the outermost strikes. No allocation: this runs inside liquidation searches.
double smile_vol(const SmileVolPoint* begin, const SmileVolPoint* end, double strike) {
  if (strike <= begin->strike) return begin->vol;
  if (strike >= (end - 1)->strike) return (end - 1)->vol;
  const SmileVolPoint* upper = begin + 1;
  while (upper->strike < strike) ++upper;
  const SmileVolPoint* lower = upper - 1;
  const double w = std::log(strike / lower->strike) / std::log(upper->strike / lower->strike);
  return lower->vol * (1 - w) + upper->vol * w;
}

// d vol / d ln(strike) of the same smile: the slope of the segment holding `strike`, 0 beyond the
// outermost strikes, and at a smile strike the mean of the two sides' (see SmileVol).
double smile_slope(const SmileVolPoint* begin, const SmileVolPoint* end, double strike) {
  if (strike < begin->strike || strike > (end - 1)->strike) return 0.0;
  auto segment = [](const SmileVolPoint* lower) {
    return (lower[1].vol - lower->vol) / std::log(lower[1].strike / lower->strike);
  };
  const SmileVolPoint* node = begin;  // the first strike at or above `strike`
  while (node->strike < strike) ++node;
  if (node->strike > strike) return segment(node - 1);
  const double below = node == begin ? 0.0 : segment(node - 1);
  const double above = node + 1 == end ? 0.0 : segment(node);
  return 0.5 * (below + above);
}

// read(located smile) for `expiry`, sorting a copy of a smile built out of order.
template <class Read>
auto read_located_smile(const std::vector<SmileVolPoint>& smile, TimestampMs valuation_time, TimestampMs expiry,
                        Read read) {
  // Parsed markets arrive sorted (parse_market_json); a surface built by hand may not be.
  if (smile_is_sorted(smile)) return read(locate_expiry_smile(smile, valuation_time, expiry));
  std::vector<SmileVolPoint> sorted = smile;
  sort_smile(sorted);
  return read(locate_expiry_smile(sorted, valuation_time, expiry));
}

// The smile points of the slice whose expiry is `expiry` (sorted points).
std::pair<const SmileVolPoint*, const SmileVolPoint*> slice_of(const std::vector<SmileVolPoint>& smile,
                                                               TimestampMs expiry) {
  const SmileVolPoint* begin = smile.data();
  const SmileVolPoint* end = smile.data() + smile.size();
  while (begin != end && begin->expiry != expiry) ++begin;
  const SmileVolPoint* last = begin;
  while (last != end && last->expiry == expiry) ++last;
  return {begin, last};
}

}  // namespace

bool smile_is_sorted(const std::vector<SmileVolPoint>& smile) {
  return std::is_sorted(smile.begin(), smile.end(), smile_order);
}

void sort_smile(std::vector<SmileVolPoint>& smile) { small_sort(smile.begin(), smile.end(), smile_order); }

ExpirySmile locate_expiry_smile(const std::vector<SmileVolPoint>& smile, TimestampMs valuation_time,
                                TimestampMs expiry) {
  // Nearest slice expiries at or before and at or after `expiry` (points sorted by expiry).
  TimestampMs before = smile.front().expiry, after = smile.back().expiry;
  for (const auto& p : smile) {
    if (p.expiry <= expiry) before = p.expiry;
    if (p.expiry >= expiry) { after = p.expiry; break; }
  }
  if (expiry <= smile.front().expiry) before = after = smile.front().expiry;
  if (expiry >= smile.back().expiry) before = after = smile.back().expiry;
  ExpirySmile located;
  std::tie(located.near_begin, located.near_end) = slice_of(smile, before);
  if (after != before) {
    std::tie(located.far_begin, located.far_end) = slice_of(smile, after);
    // Total variance linear in time between the two slices, at the same (snapshot) strike.
    const double t = years_between(valuation_time, expiry);
    const double t0 = years_between(valuation_time, before);
    const double t1 = years_between(valuation_time, after);
    const double w = (t - t0) / (t1 - t0);
    located.near_weight = (1 - w) * t0 / t;
    located.far_weight = w * t1 / t;
  }
  return located;
}

double ExpirySmile::vol_at(double snapshot_strike) const {
  const double v0 = smile_vol(near_begin, near_end, snapshot_strike);
  if (far_begin == nullptr) return v0;
  const double v1 = smile_vol(far_begin, far_end, snapshot_strike);
  return std::sqrt(near_weight * v0 * v0 + far_weight * v1 * v1);
}

SmileVol ExpirySmile::vol_and_slopes_at(double snapshot_strike) const {
  SmileVol out;
  out.vol = vol_at(snapshot_strike);
  const double s0 = smile_slope(near_begin, near_end, snapshot_strike);
  if (far_begin == nullptr) {
    out.slope = s0;  // linear in ln(strike): no curvature
    return out;
  }
  // vol^2 = a v0^2 + b v1^2 with v0, v1 linear in x: vol vol' = a v0 v0' + b v1 v1', and once
  // more vol'^2 + vol vol'' = a v0'^2 + b v1'^2.
  const double v0 = smile_vol(near_begin, near_end, snapshot_strike);
  const double v1 = smile_vol(far_begin, far_end, snapshot_strike);
  const double s1 = smile_slope(far_begin, far_end, snapshot_strike);
  out.slope = (near_weight * v0 * s0 + far_weight * v1 * s1) / out.vol;
  out.curvature = (near_weight * s0 * s0 + far_weight * s1 * s1 - out.slope * out.slope) / out.vol;
  return out;
}

double forward_price(const UnderlyingMarket& market, TimestampMs valuation_time, TimestampMs expiry) {
  const double index = market.index_price;
  if (expiry <= valuation_time) return index;
  const double t = years_between(valuation_time, expiry);
  if (market.forwards.empty()) return index * std::exp(market.rate * t);
  for (const auto& f : market.forwards) {
    if (f.expiry == expiry) return f.price;
  }
  // Interpolate the annualised log-basis ln(F/I)/t linearly in time, flat beyond the ends.
  std::vector<std::pair<double, double>> basis;
  for (const auto& f : market.forwards) {
    const double tf = years_between(valuation_time, f.expiry);
    if (tf > 0) basis.emplace_back(tf, std::log(f.price / index) / tf);
  }
  if (basis.empty()) return index * std::exp(market.rate * t);
  small_sort(basis.begin(), basis.end());
  const double rate = interpolate_flat(basis, t, [](const auto& p) { return p.first; },
                                       [](const auto& p) { return p.second; });
  return index * std::exp(rate * t);
}

Status checked_forward_price(const UnderlyingMarket& market, TimestampMs valuation_time, TimestampMs expiry,
                             const std::string& field, double& out) {
  out = forward_price(market, valuation_time, expiry);
  bool given = market.forwards.empty() || expiry <= valuation_time;  // index or index e^(rate t)
  for (const auto& f : market.forwards) given = given || f.expiry == expiry;
  if (given) return Status::success();
  const double annual_basis = std::log(out / market.index_price) / years_between(valuation_time, expiry);
  if (!(std::fabs(annual_basis) <= kMaxAbsRate) || !(out >= kMinPrice && out <= kMaxPrice)) {
    return Status::error(ErrorCode::OUT_OF_RANGE, field,
                         field + ": the forward for " + format_expiry_code(expiry) +
                             " would be read off the given forwards at an annualised basis of " +
                             format_number(annual_basis * 100) + " % (limit +-" + format_number(kMaxAbsRate * 100) +
                             " %): give a forward for that expiry");
  }
  return Status::success();
}

double implied_vol_at(const VolSurface& vols, TimestampMs valuation_time, TimestampMs expiry,
                      double strike, double index_ratio) {
  // Sticky moneyness: K after a move of the index by index_ratio has the moneyness that
  // K / index_ratio had in the snapshot, so the snapshot's smile is read there.
  const double snapshot_strike = strike / index_ratio;
  if (!vols.smile.empty()) {
    return read_located_smile(vols.smile, valuation_time, expiry,
                              [&](const ExpirySmile& smile) { return smile.vol_at(snapshot_strike); });
  }
  if (!vols.atm.empty()) {
    std::vector<AtmVolPoint> atm = vols.atm;
    small_sort(atm.begin(), atm.end(), [](const auto& a, const auto& b) { return a.expiry < b.expiry; });
    if (expiry <= atm.front().expiry) return atm.front().vol;
    if (expiry >= atm.back().expiry) return atm.back().vol;
    const double t = years_between(valuation_time, expiry);
    const double variance = interpolate_flat(
        atm, t, [&](const AtmVolPoint& p) { return years_between(valuation_time, p.expiry); },
        [&](const AtmVolPoint& p) { return p.vol * p.vol * years_between(valuation_time, p.expiry); });
    return std::sqrt(variance / t);
  }
  return vols.flat_vol;
}

SmileVol smile_vol_at(const VolSurface& vols, TimestampMs valuation_time, TimestampMs expiry, double strike,
                      double index_ratio) {
  const double snapshot_strike = strike / index_ratio;
  return read_located_smile(vols.smile, valuation_time, expiry,
                            [&](const ExpirySmile& smile) { return smile.vol_and_slopes_at(snapshot_strike); });
}

}  // namespace marginkit
