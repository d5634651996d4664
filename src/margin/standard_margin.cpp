#include "margin/standard_margin.hpp"

#include <algorithm>

namespace marginkit {

OptionMargin option_margin(const OptionMarginRule& rule, OptionType type, double underlying,
                           double strike, double mark) {
  const double out_of_the_money = type == OptionType::call ? std::max(strike - underlying, 0.0)
                                                           : std::max(underlying - strike, 0.0);
  const double initial_rate =
      std::max(rule.initial_base - out_of_the_money / underlying, rule.initial_floor);
  OptionMargin margin;
  if (type == OptionType::call) {
    margin.maintenance = rule.maintenance_rate * underlying + mark;
    margin.initial = initial_rate * underlying + mark;
  } else {
    margin.maintenance =
        std::max(rule.maintenance_rate * underlying, rule.put_mark_rate * mark) + mark;
    margin.initial = std::max(initial_rate * underlying + mark, margin.maintenance);
  }
  return margin;
}

FuturesMargin futures_margin(const FuturesMarginRule& rule, double size_coins) {
  const double add_on = rule.rate_step * size_coins / rule.tier_size;
  return FuturesMargin{rule.initial_rate + add_on, rule.maintenance_rate + add_on};
}

}  // namespace marginkit
