#pragma once
// Rule-based margin of one contract (standard_margin.cpp holds the formulas, margin_schedule.hpp
// their parameters and sources).
#include "margin/margin_schedule.hpp"
#include "pricing/option_spec.hpp"

namespace marginkit {

struct OptionMargin {
  double initial = 0.0;      // USD per short contract
  double maintenance = 0.0;  // USD per short contract
};

// Margin of one SHORT option contract; long options need none. underlying: S (USD per coin),
// mark: the option's premium in USD.
OptionMargin option_margin(const OptionMarginRule& rule, OptionType type, double underlying,
                           double strike, double mark);

struct FuturesMargin {
  double initial_rate = 0.0;      // fraction of notional
  double maintenance_rate = 0.0;
};

FuturesMargin futures_margin(const FuturesMarginRule& rule, double size_coins);

}  // namespace marginkit
