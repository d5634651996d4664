#pragma once
// Rule-based margin of one contract (standard_margin.cpp holds the formulas, margin_schedule.hpp
// their parameters and sources).
#include <functional>
#include <vector>

#include "margin/margin_schedule.hpp"
#include "pricing/option_spec.hpp"

namespace marginkit {

struct OptionMargin {
  double initial = 0.0;      // USD per short contract
  double maintenance = 0.0;  // USD per short contract
  // The out-of-the-money amount (USD per coin) the initial margin credits. It is kept because
  // `initial + otm` is a convex function of the underlying (as `otm` and `maintenance` are,
  // given a mark convex in it): the liquidation search bounds margins between the prices it
  // valued with that (liquidation_price.cpp).
  double otm = 0.0;
};

// Margin of one SHORT option contract; long options need none. underlying: S (USD per coin),
// mark: the option's premium in USD.
OptionMargin option_margin(const OptionMarginRule& rule, OptionType type, double underlying,
                           double strike, double mark);

// Underlying prices at which a short option's margin bends: where one of option_margin's max()
// switches branch, or the OTM amount starts. Between them each margin is a smooth function of
// the underlying. `mark` gives the premium (USD) at an underlying price; the branches that
// compare the mark with the underlying (puts) are located numerically within [low, high].
struct OptionMarginKinks {
  std::vector<double> maintenance;  // puts: where put_mark_rate x mark overtakes maintenance_rate x S
  std::vector<double> initial;      // the strike, the floor's threshold, and (puts) where IM = MM; MM's too
};
OptionMarginKinks option_margin_kinks(const OptionMarginRule& rule, OptionType type, double strike,
                                      const std::function<double(double underlying)>& mark, double low,
                                      double high);

struct FuturesMargin {
  double initial_rate = 0.0;      // fraction of notional
  double maintenance_rate = 0.0;
};

// The size tier is linear in the size (an add-on of rate_step per tier_size coins, not a step
// function), so futures margins have no kinks.
FuturesMargin futures_margin(const FuturesMarginRule& rule, double size_coins);

}  // namespace marginkit
