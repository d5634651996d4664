#pragma once
// Helpers shared by the margin-engine tests (account risk, liquidation, preview, JSON input):
// building instruments, markets and accounts in a few lines, an independent Black-76 written
// from std::erfc (not src/pricing), and a market with one underlying's index moved "by hand"
// (forwards and smile strikes scaled with it) to revalue an account without index_ratio.
//
// Nothing here computes an expected value with the code under test.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "account/account.hpp"
#include "instruments/instrument_name.hpp"
#include "margin/account_risk.hpp"
#include "market/market_snapshot.hpp"
#include "test_support.hpp"

namespace marginkit::test {

// Epoch milliseconds, checked with `date -u -d 2026-11-24T08:00:00Z +%s` (GNU coreutils).
inline constexpr TimestampMs kNov24_0800 = 1795507200000LL;  // 2026-11-24T08:00:00Z
inline constexpr TimestampMs kDec27_0800 = 1798358400000LL;  // 2026-12-27T08:00:00Z (27DEC26)
inline constexpr TimestampMs kMsPerDay = 86400000LL;
// 27DEC26 is 33 days after the valuation time used throughout: t = 33 / 365 (ACT/365).
inline constexpr double kT27Dec = 33.0 / 365.0;

inline Instrument instrument(const std::string& name) {
  Instrument out;
  const Status s = parse_instrument_name(name, "test", out);
  EXPECT_TRUE(s.ok()) << name << ": " << s.message;
  return out;
}

inline Position position(const std::string& name, double size, double entry,
                         double isolated_margin = std::nan("")) {
  Position p;
  p.instrument = instrument(name);
  p.size = size;
  p.entry_price = entry;
  p.isolated_margin = isolated_margin;
  return p;
}

inline UnderlyingMarket underlying_market(const std::string& coin, double index, double flat_vol = 0.0,
                                          double rate = 0.0) {
  UnderlyingMarket u;
  u.underlying = coin;
  u.index_price = index;
  u.rate = rate;
  u.vols.flat_vol = flat_vol;
  return u;
}

inline MarketSnapshot market_of(std::vector<UnderlyingMarket> underlyings,
                                TimestampMs time = kNov24_0800) {
  MarketSnapshot m;
  m.valuation_time = time;
  for (auto& u : underlyings) m.underlyings[u.underlying] = u;
  return m;
}

// Black-76, written from the textbook formula with std::erfc (test_support.hpp), USD per coin.
inline double ref_black76(OptionType type, double forward, double strike, double t, double vol,
                          double rate) {
  const double sd = vol * std::sqrt(t);
  const double d1 = (std::log(forward / strike) + 0.5 * sd * sd) / sd;
  const double d2 = d1 - sd;
  const double df = std::exp(-rate * t);
  return type == OptionType::call
             ? df * (forward * ref_normal_cdf(d1) - strike * ref_normal_cdf(d2))
             : df * (strike * ref_normal_cdf(-d2) - forward * ref_normal_cdf(-d1));
}

// The snapshot with `coin`'s index multiplied by `ratio`, its given forwards and futures/perps
// marks moved in proportion, and its smile strikes scaled too (sticky moneyness). Option marks
// are left alone: do not use on accounts whose option vols come from markPrices.
inline MarketSnapshot moved_market(const MarketSnapshot& base, const std::string& coin, double ratio) {
  MarketSnapshot m = base;
  UnderlyingMarket& u = m.underlyings.at(coin);
  u.index_price *= ratio;
  for (auto& f : u.forwards) f.price *= ratio;
  for (auto& p : u.vols.smile) p.strike *= ratio;
  for (auto& [name, price] : m.mark_prices) {
    Instrument parsed;
    if (parse_instrument_name(name, "", parsed).ok() && parsed.underlying == coin && !parsed.is_option()) {
      price *= ratio;
    }
  }
  return m;
}

inline std::string describe(const Account& account) {
  std::ostringstream out;
  out << (account.mode == MarginMode::cross ? "cross" : "isolated") << " {";
  for (const auto& c : account.collateral) out << " " << c.asset << "=" << num(c.amount);
  for (const auto& p : account.positions) {
    out << " " << p.instrument.name << " x" << num(p.size) << " @" << num(p.entry_price);
    if (std::isfinite(p.isolated_margin)) out << " (iso " << num(p.isolated_margin) << ")";
  }
  out << " }";
  return out.str();
}

inline const char* status_name(MarginStatus s) {
  switch (s) {
    case MarginStatus::healthy: return "healthy";
    case MarginStatus::warning: return "warning";
    case MarginStatus::margin_call: return "margin_call";
    case MarginStatus::liquidation: return "liquidation";
  }
  return "?";
}

}  // namespace marginkit::test

namespace marginkit {
inline void PrintTo(MarginStatus s, std::ostream* os) { *os << test::status_name(s); }
}  // namespace marginkit
