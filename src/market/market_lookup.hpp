#pragma once
// Forwards and vols for an instrument from a MarketSnapshot, at the current index or with the
// underlying moved to another index price (scenarios, liquidation search). When the index moves
// from I0 to I, every forward of that underlying moves by the same ratio I/I0 (the basis is held
// in relative terms) and vols are held at the same moneyness K/F ("sticky moneyness").
#include "market/market_snapshot.hpp"

namespace marginkit {

// Forward for `expiry` at the snapshot's index; perpetuals and spot use the index itself.
double forward_price(const UnderlyingMarket& market, TimestampMs valuation_time, TimestampMs expiry);

// Implied vol for strike K at `expiry` after the index has moved by `index_ratio` (1 = no move). Sticky moneyness: the vol of strike K after the
// move is the snapshot's vol at strike K / index_ratio. Returns 0 when the surface is empty.
double implied_vol_at(const VolSurface& vols, TimestampMs valuation_time, TimestampMs expiry,
                      double strike, double index_ratio);

// Orders smile points by expiry, then strike: the order lookups expect (and parsers produce).
void sort_smile(std::vector<SmileVolPoint>& smile);

}  // namespace marginkit
