#include <gtest/gtest.h>

#include "pricing/price_option.hpp"

TEST(Smoke, PricesACall) {
  marginkit::OptionSpec spec;
  spec.underlying = 100; spec.strike = 100; spec.t = 1; spec.vol = 0.2;
  marginkit::Greeks g;
  ASSERT_TRUE(marginkit::price_option(spec, g).ok());
  EXPECT_NEAR(g.price, 7.965567455405804, 1e-12);
}
