#pragma once
// Strict parsing of venue-style instrument names:
//   BTC-27DEC26-100000-C    inverse option (coin-settled, as on Deribit)
//   ETH_USDC-27DEC26-3500-P linear option (USDC-settled)
//   BTC-27DEC26             inverse future      BTC_USDC-27DEC26   linear future
//   ETH-PERPETUAL           inverse perpetual   ETH_USDC-PERPETUAL linear perpetual
//   BTC_USDC                spot
// Coins are 2-10 upper-case letters or digits; strikes are positive decimals ("0.5" and
// "2d5" are not both accepted: only plain digits with an optional '.'); expiries are DDMMMYY
// at 08:00 UTC. Anything else is rejected with INVALID_INSTRUMENT and a reason; a strike outside
// [kMinPrice, kMaxPrice] is OUT_OF_RANGE. The parsed instrument carries its canonical name
// (format_instrument_name), so one instrument spelt two ways has one name.
#include <string>
#include <string_view>

#include "common/status.hpp"
#include "instruments/instrument.hpp"

namespace marginkit {

// A coin or currency code: 2-10 upper-case letters or digits (BTC, ETH, USDC, 1INCH).
bool is_asset_code(std::string_view text);

Status parse_instrument_name(std::string_view name, const std::string& field, Instrument& out);

// The canonical name of an instrument given as fields (round-trips parse_instrument_name).
std::string format_instrument_name(const Instrument& instrument);

}  // namespace marginkit
