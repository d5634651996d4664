#include "scenario/market_move.hpp"

#include <algorithm>
#include <cmath>

namespace marginkit {

double shocked_vol(double vol, double years, const VolShock& shock) {
  if (shock.is_none()) return vol;
  const double days = years * 365.0;
  const double power = days < 30.0 ? shock.short_term_power : shock.long_term_power;
  const double term = power == 0.0 ? 1.0 : std::pow(30.0 / std::max(days, shock.dte_floor_days), power);
  return std::max({vol * (1.0 + shock.relative * term) + shock.absolute * term, shock.floor, 0.0});
}

}  // namespace marginkit
