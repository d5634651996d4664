#include "margin/standard_margin.hpp"

#include "common/boost_config.hpp"

#include <algorithm>
#include <boost/math/tools/toms748_solve.hpp>
#include <cmath>
#include <cstdint>

namespace marginkit {

namespace {

double out_of_the_money(bool call, double reference, double strike) {
  return call ? std::max(strike - reference, 0.0) : std::max(reference - strike, 0.0);
}

// The initial margin's rate on R: the base, less the credited OTM share of R, but not below the floor.
double initial_rate(const OptionMarginRule& rule, double otm, double reference) {
  return std::max(rule.initial_base - rule.otm_rate * otm / reference, rule.initial_floor);
}

double premium_basis(const OptionMarginRule& rule, double mark, double entry) {
  return rule.premium_basis == PremiumBasis::max_entry_mark ? std::max(entry, mark) : mark;
}

// Where `difference` (a function of the reference price) changes sign inside [low, high], to
// about 1e-12 of the price; NaN when its ends have the same sign. Solved in ln(R), as prices are.
double sign_change(FunctionRef<double(double)> difference, double low, double high) {
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

void add_if_inside(std::vector<double>& kinks, double reference, double low, double high) {
  if (std::isfinite(reference) && reference > low && reference < high) kinks.push_back(reference);
}

// Interior points looked at between two kinks, besides the ends, for the sign changes of a
// difference that need not be monotone there (IM against a multiple of MM): a difference that
// turns twice between two looked-at points is the one thing missed (the search stays correct
// without a kink: kinks only speed its solver up).
constexpr int kInteriorSamples = 4;

// The MM of a short contract, and the IM's own branch (before the floor at a multiple of MM).
struct Branches {
  double maintenance_part = 0.0;  // max(maintenance_rate R, mark_rate P)
  double maintenance = 0.0;
  double initial_branch = 0.0;
};

Branches branches(const OptionMarginRule& rule, bool call, double reference, double strike, double mark,
                  double entry) {
  Branches b;
  b.maintenance_part = std::max(rule.maintenance_rate * reference, rule.mark_rate(call) * mark);
  b.maintenance = b.maintenance_part + mark + rule.liquidation_fee_rate * reference;
  const double otm = out_of_the_money(call, reference, strike);
  b.initial_branch = initial_rate(rule, otm, reference) * reference + premium_basis(rule, mark, entry);
  return b;
}

}  // namespace

OptionMargin option_margin(const OptionMarginRule& rule, OptionType type, double reference, double strike,
                           double mark, double entry) {
  const bool call = type == OptionType::call;
  const Branches b = branches(rule, call, reference, strike, mark, entry);
  OptionMargin margin;
  margin.otm = rule.otm_rate * out_of_the_money(call, reference, strike);
  margin.maintenance = b.maintenance;
  margin.initial = std::max(b.initial_branch, rule.maintenance_multiple(call) * b.maintenance);
  return margin;
}

OptionMarginKinks option_margin_kinks(const OptionMarginRule& rule, OptionType type, double strike,
                                      FunctionRef<double(double reference)> mark,
                                      FunctionRef<double(double reference)> entry, double low,
                                      double high) {
  OptionMarginKinks kinks;
  const bool call = type == OptionType::call;
  // The OTM amount starts at the strike; the floor takes over where base - otm_rate OTM/R = floor.
  add_if_inside(kinks.initial, strike, low, high);
  if (rule.otm_rate > 0.0) {
    const double gap = (rule.initial_base - rule.initial_floor) / rule.otm_rate;
    const double denominator = call ? 1.0 + gap : 1.0 - gap;
    if (denominator > 0.0) add_if_inside(kinks.initial, strike / denominator, low, high);
  }
  // MM = max(rate R, mark_rate P) + ... switches where the two cross: once at most, as P/R moves
  // one way (up for calls, down for puts).
  const double mark_rate = rule.mark_rate(call);
  const double multiple = rule.maintenance_multiple(call);
  if (mark_rate > 0.0) {
    const double mm_switch =
        sign_change([&](double r) { return rule.maintenance_rate * r - mark_rate * mark(r); }, low, high);
    add_if_inside(kinks.maintenance, mm_switch, low, high);
    if (multiple > 0.0) add_if_inside(kinks.initial, mm_switch, low, high);
  }
  // max(entry, P) switches where P crosses the entry: once at most (P, and P/R, move one way).
  if (rule.premium_basis == PremiumBasis::max_entry_mark) {
    add_if_inside(kinks.initial, sign_change([&](double r) { return entry(r) - mark(r); }, low, high), low, high);
  }
  if (multiple <= 0.0) return kinks;
  // IM = max(initial branch, multiple x MM) switches where the two cross. Smooth between the kinks
  // above, so looked for between each two of them (and at a few points inside).
  const auto im_switch = [&](double r) {
    const double p = mark(r);
    const Branches b = branches(rule, call, r, strike, p, rule.premium_basis == PremiumBasis::max_entry_mark ? entry(r) : 0.0);
    return b.initial_branch - multiple * b.maintenance;
  };
  std::vector<double> ends = kinks.initial;
  ends.push_back(low);
  ends.push_back(high);
  std::sort(ends.begin(), ends.end());
  ends.erase(std::unique(ends.begin(), ends.end()), ends.end());
  std::vector<double> points;
  for (std::size_t i = 0; i < ends.size(); ++i) {
    points.push_back(ends[i]);
    if (i + 1 == ends.size()) break;
    const double step = std::log(ends[i + 1] / ends[i]) / (kInteriorSamples + 1);
    for (int k = 1; k <= kInteriorSamples; ++k) points.push_back(ends[i] * std::exp(step * k));
  }
  std::vector<double> values;
  values.reserve(points.size());
  for (double r : points) values.push_back(im_switch(r));
  for (std::size_t i = 1; i < points.size(); ++i) {
    if ((values[i - 1] < 0.0) == (values[i] < 0.0)) continue;  // (each point valued once)
    add_if_inside(kinks.initial, sign_change(im_switch, points[i - 1], points[i]), points[i - 1], points[i]);
  }
  return kinks;
}

FuturesMargin futures_margin(const FuturesMarginRule& rule, double size_coins, double notional_usd) {
  if (rule.tiers.empty()) {
    const double add_on = rule.rate_step * size_coins / rule.tier_size;
    return FuturesMargin{rule.initial_rate + add_on, rule.maintenance_rate + add_on};
  }
  const double measure = rule.tier_unit == TierUnit::coins ? size_coins : notional_usd;
  if (rule.tier_mode == TierMode::whole || !(measure > 0.0)) {
    // The first bracket holding the position (bounds inclusive), else the last.
    const auto holding = std::find_if(rule.tiers.begin(), rule.tiers.end(),
                                      [&](const FuturesTier& tier) { return measure <= tier.up_to; });
    const FuturesTier& tier = holding != rule.tiers.end() ? *holding : rule.tiers.back();
    return FuturesMargin{tier.initial_rate, tier.maintenance_rate};
  }
  // Marginal: each bracket's rates on the part of the position inside it, as one rate on the whole.
  double initial = 0.0, maintenance = 0.0, below = 0.0;
  for (std::size_t i = 0; i < rule.tiers.size() && below < measure; ++i) {
    const FuturesTier& tier = rule.tiers[i];
    const bool last = i + 1 == rule.tiers.size();
    const double part = (last ? measure : std::min(measure, tier.up_to)) - below;
    initial += tier.initial_rate * part;
    maintenance += tier.maintenance_rate * part;
    below += part;
  }
  return FuturesMargin{initial / measure, maintenance / measure};
}

std::vector<double> futures_tier_bounds(const FuturesMarginRule& rule) {
  std::vector<double> bounds;
  for (std::size_t i = 0; i + 1 < rule.tiers.size(); ++i) bounds.push_back(rule.tiers[i].up_to);
  return bounds;
}

}  // namespace marginkit
