#include "margin/standard_margin.hpp"

#include "common/boost_config.hpp"

#include <algorithm>
#include <boost/math/tools/toms748_solve.hpp>
#include <cmath>
#include <cstdint>

namespace marginkit {

namespace {

double out_of_the_money(OptionType type, double underlying, double strike) {
  return type == OptionType::call ? std::max(strike - underlying, 0.0) : std::max(underlying - strike, 0.0);
}

// The initial margin's rate on S: the base, less the OTM share of S, but not below the floor.
double initial_rate(const OptionMarginRule& rule, double otm, double underlying) {
  return std::max(rule.initial_base - otm / underlying, rule.initial_floor);
}

// Where `difference` (a function of the underlying) changes sign inside [low, high], to about
// 1e-12 of the price; NaN when its ends have the same sign. Solved in ln(S), as prices are.
double sign_change(const std::function<double(double)>& difference, double low, double high) {
  if (!(low < high)) return std::nan("");
  const auto in_log = [&](double x) { return difference(std::exp(x)); };
  const double a = std::log(low), b = std::log(high);
  const double fa = in_log(a), fb = in_log(b);
  if (fa == 0.0) return low;
  if (fb == 0.0) return high;
  if ((fa < 0.0) == (fb < 0.0)) return std::nan("");
  std::uintmax_t iterations = 50;
  const auto bracket = boost::math::tools::toms748_solve(
      in_log, a, b, fa, fb, boost::math::tools::eps_tolerance<double>(40), iterations);
  return std::exp(0.5 * (bracket.first + bracket.second));
}

void add_if_inside(std::vector<double>& kinks, double underlying, double low, double high) {
  if (std::isfinite(underlying) && underlying > low && underlying < high) kinks.push_back(underlying);
}

}  // namespace

OptionMargin option_margin(const OptionMarginRule& rule, OptionType type, double underlying,
                           double strike, double mark) {
  OptionMargin margin;
  margin.otm = out_of_the_money(type, underlying, strike);
  const double rate = initial_rate(rule, margin.otm, underlying);
  if (type == OptionType::call) {
    margin.maintenance = rule.maintenance_rate * underlying + mark;
    margin.initial = rate * underlying + mark;
  } else {
    margin.maintenance =
        std::max(rule.maintenance_rate * underlying, rule.put_mark_rate * mark) + mark;
    margin.initial = std::max(rate * underlying + mark, margin.maintenance);
  }
  return margin;
}

OptionMarginKinks option_margin_kinks(const OptionMarginRule& rule, OptionType type, double strike,
                                      const std::function<double(double underlying)>& mark, double low,
                                      double high) {
  OptionMarginKinks kinks;
  // The OTM amount starts at the strike; the floor takes over where base - OTM/S = floor.
  add_if_inside(kinks.initial, strike, low, high);
  const double floor_gap = rule.initial_base - rule.initial_floor;
  if (type == OptionType::call) {
    if (1.0 + floor_gap > 0.0) add_if_inside(kinks.initial, strike / (1.0 + floor_gap), low, high);
    return kinks;
  }
  if (1.0 - floor_gap > 0.0) add_if_inside(kinks.initial, strike / (1.0 - floor_gap), low, high);
  // Puts: MM = max(rate S, put_mark_rate mark) + mark switches where the two cross (a put's
  // mark falls as S rises, so once at most).
  const double mm_switch = sign_change(
      [&](double s) { return rule.maintenance_rate * s - rule.put_mark_rate * mark(s); }, low, high);
  add_if_inside(kinks.maintenance, mm_switch, low, high);
  add_if_inside(kinks.initial, mm_switch, low, high);
  // IM = max(initial rate x S + mark, MM) switches where initial rate x S = max(rate S,
  // put_mark_rate mark). Smooth between the kinks above, so looked for between each two of them.
  std::vector<double> ends = kinks.initial;
  ends.push_back(low);
  ends.push_back(high);
  std::sort(ends.begin(), ends.end());
  const auto im_branch = [&](double s) {
    const double mm_part = std::max(rule.maintenance_rate * s, rule.put_mark_rate * mark(s));
    return initial_rate(rule, out_of_the_money(type, s, strike), s) * s - mm_part;
  };
  std::vector<double> at_ends;
  for (double s : ends) at_ends.push_back(im_branch(s));
  for (std::size_t i = 1; i < ends.size(); ++i) {
    if ((at_ends[i - 1] < 0.0) == (at_ends[i] < 0.0)) continue;  // (each end valued once)
    add_if_inside(kinks.initial, sign_change(im_branch, ends[i - 1], ends[i]), ends[i - 1], ends[i]);
  }
  return kinks;
}

FuturesMargin futures_margin(const FuturesMarginRule& rule, double size_coins) {
  const double add_on = rule.rate_step * size_coins / rule.tier_size;
  return FuturesMargin{rule.initial_rate + add_on, rule.maintenance_rate + add_on};
}

}  // namespace marginkit
