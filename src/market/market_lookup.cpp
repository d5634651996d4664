#include "market/market_lookup.hpp"

#include <algorithm>
#include <cmath>

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

// Smile of one expiry: vol against ln(strike), linear, flat beyond the outermost strikes.
double smile_vol(const std::vector<SmileVolPoint>& smile, TimestampMs expiry, double log_strike) {
  std::vector<std::pair<double, double>> slice;
  for (const auto& p : smile) {
    if (p.expiry == expiry) slice.emplace_back(std::log(p.strike), p.vol);
  }
  std::sort(slice.begin(), slice.end());
  return interpolate_flat(slice, log_strike, [](const auto& p) { return p.first; },
                          [](const auto& p) { return p.second; });
}

}  // namespace

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
  std::sort(basis.begin(), basis.end());
  const double rate = interpolate_flat(basis, t, [](const auto& p) { return p.first; },
                                       [](const auto& p) { return p.second; });
  return index * std::exp(rate * t);
}

double implied_vol_at(const VolSurface& vols, TimestampMs valuation_time, TimestampMs expiry,
                      double strike, double index_ratio) {
  // Sticky moneyness: K after a move of the index by index_ratio has the moneyness that
  // K / index_ratio had in the snapshot, so the snapshot's smile is read there.
  const double log_strike = std::log(strike / index_ratio);
  if (!vols.smile.empty()) {
    // Expiries with smile points, sorted; total variance interpolated between them at the same
    // (snapshot) strike, which for slices near in time is close to the same moneyness.
    std::vector<TimestampMs> expiries;
    for (const auto& p : vols.smile) expiries.push_back(p.expiry);
    std::sort(expiries.begin(), expiries.end());
    expiries.erase(std::unique(expiries.begin(), expiries.end()), expiries.end());
    auto slice_vol = [&](TimestampMs e) { return smile_vol(vols.smile, e, log_strike); };
    if (expiry <= expiries.front()) return slice_vol(expiries.front());
    if (expiry >= expiries.back()) return slice_vol(expiries.back());
    const double t = years_between(valuation_time, expiry);
    for (std::size_t i = 1; i < expiries.size(); ++i) {
      if (expiry <= expiries[i]) {
        const double t0 = years_between(valuation_time, expiries[i - 1]);
        const double t1 = years_between(valuation_time, expiries[i]);
        const double v0 = slice_vol(expiries[i - 1]);
        const double v1 = slice_vol(expiries[i]);
        const double w = (t - t0) / (t1 - t0);
        return std::sqrt(((1 - w) * v0 * v0 * t0 + w * v1 * v1 * t1) / t);
      }
    }
  }
  if (!vols.atm.empty()) {
    std::vector<AtmVolPoint> atm = vols.atm;
    std::sort(atm.begin(), atm.end(), [](const auto& a, const auto& b) { return a.expiry < b.expiry; });
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

}  // namespace marginkit
