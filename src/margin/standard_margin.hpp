#pragma once
// Rule-based margin of one contract (standard_margin.cpp holds the formulas, margin_schedule.hpp
// their parameters and sources).
#include <vector>

#include "common/function_ref.hpp"
#include "margin/margin_schedule.hpp"
#include "pricing/option_spec.hpp"

namespace marginkit {

struct OptionMargin {
  double initial = 0.0;      // USD per short contract
  double maintenance = 0.0;  // USD per short contract
  // The out-of-the-money amount (USD per coin) the initial margin credits: otm_rate x OTM. It is
  // kept because `initial + otm` is a convex function of the underlying (as `otm` and
  // `maintenance` are, given a mark convex in it): the liquidation search bounds margins between
  // the prices it valued with that (liquidation_price.cpp).
  double otm = 0.0;
};

// Margin of one SHORT option contract; long options need none. reference: R, the formula's
// price (the forward or the index, as rule.reference says; USD per coin); mark: the option's
// premium P in USD; entry: its entry price in USD per coin, read when rule.premium_basis is
// max_entry_mark.
OptionMargin option_margin(const OptionMarginRule& rule, OptionType type, double reference, double strike,
                           double mark, double entry = 0.0);

// Reference prices R at which a short option's margin bends: where one of option_margin's max()
// switches branch, or the OTM amount starts. Between them each margin is a smooth function of R.
// `mark` gives the premium P (USD) at a reference price, `entry` the entry price in USD per coin
// (for max(entry, mark)); the branches that compare them with R are located numerically within
// [low, high].
struct OptionMarginKinks {
  std::vector<double> maintenance;  // where mark_rate x P overtakes maintenance_rate x R
  std::vector<double> initial;      // the strike, the floor's threshold, entry = mark, IM = multiple x MM; MM's too
};
OptionMarginKinks option_margin_kinks(const OptionMarginRule& rule, OptionType type, double strike,
                                      FunctionRef<double(double reference)> mark,
                                      FunctionRef<double(double reference)> entry, double low,
                                      double high);

struct FuturesMargin {
  double initial_rate = 0.0;      // fraction of notional
  double maintenance_rate = 0.0;
};

// Rates for a position of `size_coins` coins and `notional_usd` of notional (both >= 0). The
// linear add-on (no tier table) has no kinks: rates grow with the size in proportion. A tier
// table's rates change where the position crosses a bracket's bound (futures_tier_bounds): a step
// of the margin for whole-position tiers, a kink for marginal ones.
FuturesMargin futures_margin(const FuturesMarginRule& rule, double size_coins, double notional_usd);

// The bracket bounds of the tier table (in its unit: coins or USD), in increasing order; empty
// for the linear add-on. The last bracket's bound is left out: beyond it the rates stay.
std::vector<double> futures_tier_bounds(const FuturesMarginRule& rule);

}  // namespace marginkit
