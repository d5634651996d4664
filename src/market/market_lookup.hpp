#pragma once
// Forwards and vols for an instrument from a MarketSnapshot, at the current index or with the
// underlying moved to another index price (scenarios, liquidation search). When the index moves
// from I0 to I, every forward of that underlying moves by the same ratio I/I0 (the basis is held
// in relative terms) and vols are held at the same moneyness K/F ("sticky moneyness").
#include <string>

#include "common/status.hpp"
#include "market/market_snapshot.hpp"

namespace marginkit {

// Forward for `expiry` at the snapshot's index; perpetuals and spot use the index itself.
double forward_price(const UnderlyingMarket& market, TimestampMs valuation_time, TimestampMs expiry);

// forward_price, refusing a forward read off other expiries' forwards at an annualised basis
// beyond +-kMaxAbsRate (500 % a year): a forward given one minute before its expiry at 0.1 % over
// the index is 526 a year annualised, and carried to a year out it would overflow. Such a forward
// must be given for the expiry itself. Errors name `field` (the underlying's forwards).
Status checked_forward_price(const UnderlyingMarket& market, TimestampMs valuation_time, TimestampMs expiry,
                             const std::string& field, double& out);

// Implied vol for strike K at `expiry` after the index has moved by `index_ratio` (1 = no move). Sticky moneyness: the vol of strike K after the
// move is the snapshot's vol at strike K / index_ratio. Returns 0 when the surface is empty.
double implied_vol_at(const VolSurface& vols, TimestampMs valuation_time, TimestampMs expiry,
                      double strike, double index_ratio);

// A smile vol with its first two derivatives in x = ln(strike), for Greeks under sticky
// moneyness (a move of the index by r reads the smile at x - ln r). Within an expiry the vol is
// linear in x between strikes, so its own second derivative is zero there; across two expiries
// blended in total variance it is not. At a smile strike, where the slope changes, the slope is
// the mean of the two sides' (flat wings: 0), what a central difference converges to.
struct SmileVol {
  double vol = 0.0;
  double slope = 0.0;      // d vol / dx
  double curvature = 0.0;  // d2 vol / dx2
};
// implied_vol_at for a surface with a smile, with its derivatives in ln(K / index_ratio).
SmileVol smile_vol_at(const VolSurface& vols, TimestampMs valuation_time, TimestampMs expiry, double strike,
                      double index_ratio);

// Orders smile points by expiry, then strike: the order lookups expect (and parsers produce).
void sort_smile(std::vector<SmileVolPoint>& smile);
bool smile_is_sorted(const std::vector<SmileVolPoint>& smile);

// The smile around one expiry, located once (its one or two slices and their weights in total
// variance) so that revaluation loops read it at many strikes without searching. Points into the
// smile it was located in, which must be sorted and outlive it.
struct ExpirySmile {
  const SmileVolPoint* near_begin = nullptr;  // the slice at or before the expiry
  const SmileVolPoint* near_end = nullptr;
  const SmileVolPoint* far_begin = nullptr;   // the slice after it; null when one slice serves
  const SmileVolPoint* far_end = nullptr;
  double near_weight = 1.0;  // vol^2 = near_weight v_near^2 + far_weight v_far^2
  double far_weight = 0.0;
  // Vol at `snapshot_strike` (a strike in the snapshot's moneyness; see implied_vol_at).
  double vol_at(double snapshot_strike) const;
  // The same with its derivatives in ln(snapshot_strike).
  SmileVol vol_and_slopes_at(double snapshot_strike) const;
};
ExpirySmile locate_expiry_smile(const std::vector<SmileVolPoint>& sorted_smile, TimestampMs valuation_time,
                                TimestampMs expiry);

}  // namespace marginkit
