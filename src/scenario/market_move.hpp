#pragma once
// A move of one underlying's market: what a scenario of a portfolio-margin model, a stress test
// or a liquidation search applies to the positions on that underlying before revaluing them.
//
// The documented revaluation rule (README "Revaluation"): the index, every forward and every
// futures mark move by `spot_ratio`; option vols are read by sticky moneyness (a smile moves with
// the forward; a vol implied from a given mark is held); then the vol shock below applies; then
// time moves on by `days` (an option reaching expiry is worth its intrinsic value on the moved
// forward). Funding, rates and collateral prices other than the coin's own do not move.
#include <algorithm>

namespace marginkit {

// vol' = max(vol x (1 + relative x term) + absolute x term, floor), never below 0, where
// term = (30 / max(DTE, dte_floor_days))^power, with power = short_term_power under 30 days to
// expiry and long_term_power from 30 days on (both 0: no term structure, term = 1). Deribit's
// portfolio margin: up = max(vol (1 + 0.5 term), 0.5), down = max(vol (1 - 0.25 term), 0), with
// powers 0.3 and 0.13 and DTE floored at one day.
struct VolShock {
  double relative = 0.0;
  double absolute = 0.0;
  double floor = 0.0;
  double short_term_power = 0.0;
  double long_term_power = 0.0;
  double dte_floor_days = 1.0;

  bool is_none() const { return relative == 0.0 && absolute == 0.0 && floor == 0.0; }
};

struct UnderlyingMove {
  double spot_ratio = 1.0;  // index after / index before, > 0
  VolShock vol;
  double days = 0.0;        // time moved on, >= 0
};

// The shocked vol of an option `years` from expiry (see VolShock).
double shocked_vol(double vol, double years, const VolShock& shock);
// The same in two steps, for revaluing one option in many scenarios: the shock's term depends
// only on the option's time to expiry, and pow is the dearest part of the shock.
double shock_term(double years, const VolShock& shock);
inline double shocked_vol_with_term(double vol, double term, const VolShock& shock) {
  if (shock.is_none()) return vol;
  return std::max({vol * (1.0 + shock.relative * term) + shock.absolute * term, shock.floor, 0.0});
}

}  // namespace marginkit
