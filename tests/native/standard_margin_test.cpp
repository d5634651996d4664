// Deribit standard margin for options and the isolated liquidation closed forms, against the
// published examples quoted in the margin-engine issue (Deribit standard margin documentation:
// S = 10,000, option mark 0.025 BTC = 250 USD, K = 9,000) and the futures examples
// (long 1 @ 1,000, equity 100, MM 3 % -> 927.8350515463918; short 1 @ 1,000 with quote balance
// 1,100 -> 1,067.9611650485438). Exact to the digits printed.
#include <gtest/gtest.h>

#include "liquidation/liquidation_price.hpp"
#include "margin/standard_margin.hpp"

namespace marginkit {
namespace {

struct OptionMarginCase {
  OptionType type;
  double initial;
  double maintenance;
};

TEST(StandardMargin, DeribitPublishedOptionExamples) {
  const OptionMarginRule rule;  // defaults
  const OptionMarginCase cases[] = {{OptionType::call, 1750.0, 1000.0}, {OptionType::put, 1250.0, 1000.0}};
  for (const auto& c : cases) {
    const OptionMargin m = option_margin(rule, c.type, 10000.0, 9000.0, 250.0);
    EXPECT_NEAR(m.initial, c.initial, 1e-9) << "type " << static_cast<int>(c.type);
    EXPECT_NEAR(m.maintenance, c.maintenance, 1e-9) << "type " << static_cast<int>(c.type);
  }
}

TEST(IsolatedLiquidation, PublishedFuturesExamples) {
  // Long 1 @ 1,000 with 100 of margin, MM 3 % of the price: equity 100 + (P - 1,000) = 0.03 P at
  // P = (1,000 - 100) / (1 - 0.03) (published: 927.8350515463918).
  EXPECT_NEAR(isolated_linear_liquidation_price(1.0, 1000.0, 100.0, 0.03), (1000.0 - 100.0) / (1.0 - 0.03), 1e-9);
  // Short 1 @ 1,000 with a quote balance of 1,100: the margin beyond the sale proceeds is 100.
  // 100 - (P - 1,000) = 0.03 P at P = (1,000 + 100) / (1 + 0.03) (published: 1,067.9611650485438).
  EXPECT_NEAR(isolated_linear_liquidation_price(-1.0, 1000.0, 100.0, 0.03), (1000.0 + 100.0) / (1.0 + 0.03), 1e-9);
}

}  // namespace
}  // namespace marginkit
