#include "scenario/market_move.hpp"

#include <algorithm>
#include <cmath>

namespace marginkit {

double shock_term(double years, const VolShock& shock) {
  const double days = years * 365.0;
  const double power = days < 30.0 ? shock.short_term_power : shock.long_term_power;
  return power == 0.0 ? 1.0 : std::pow(30.0 / std::max(days, shock.dte_floor_days), power);
}

double shocked_vol(double vol, double years, const VolShock& shock) {
  if (shock.is_none()) return vol;
  return shocked_vol_with_term(vol, shock_term(years, shock), shock);
}

}  // namespace marginkit
