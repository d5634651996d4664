#pragma once
// The market an account is valued in: one valuation time, and per underlying an index price,
// forwards per expiry, a rate, and implied vols. Plain data; the lookups with interpolation
// rules are in market_lookup.hpp.
#include <map>
#include <string>
#include <vector>

#include "common/calendar.hpp"

namespace marginkit {

struct ForwardPoint {
  TimestampMs expiry = 0;
  double price = 0.0;  // USD per coin
};

struct AtmVolPoint {
  TimestampMs expiry = 0;
  double vol = 0.0;
};

struct SmileVolPoint {
  TimestampMs expiry = 0;
  double strike = 0.0;
  double vol = 0.0;
};

// Implied vols, used in this order of preference: per-(expiry, strike) points, per-expiry ATM
// vols, one flat vol. Interpolation (see market_lookup.cpp): across expiries linear in total
// variance vol^2 t at the same strike; across strikes within an expiry linear in vol against
// ln(strike), flat beyond the outermost strikes; flat in vol before the first expiry and after
// the last. When the index moves, the smile moves with it (sticky moneyness).
struct VolSurface {
  double flat_vol = 0.0;  // 0: none given
  std::vector<AtmVolPoint> atm;
  std::vector<SmileVolPoint> smile;
  bool empty() const { return flat_vol <= 0.0 && atm.empty() && smile.empty(); }
};

struct UnderlyingMarket {
  std::string underlying;
  double index_price = 0.0;  // USD per coin
  // Forwards per expiry. Where none is given for an expiry: index * e^(rate t) with the
  // underlying's `rate` (or interpolated in log-basis between given forwards).
  std::vector<ForwardPoint> forwards;
  double rate = 0.0;  // annual, continuously compounded; also discounts option payoffs
  VolSurface vols;
};

struct MarketSnapshot {
  TimestampMs valuation_time = 0;
  std::map<std::string, UnderlyingMarket> underlyings;
  // Optional mark prices by instrument name: futures/perps in USD; option premiums in the
  // settlement currency (coins for inverse). An option mark overrides the vol surface for that
  // option: its implied vol is used, held at the same moneyness when the underlying moves.
  std::map<std::string, double> mark_prices;
  // USD price of each collateral asset; a coin with an underlying market defaults to its index,
  // USD, USDC and USDT default to 1.
  std::map<std::string, double> collateral_prices;
};

}  // namespace marginkit
