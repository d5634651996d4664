#pragma once
// What can be held: plain data, no maths.
//
// Sizes are in contracts, and a contract is
//   options (linear and inverse), linear futures and perpetuals, spot: 1 coin of the underlying;
//   inverse futures and perpetuals: 1 USD of notional (Deribit's "amount").
// Prices are USD per coin, except option premiums of inverse options, which are in coins.
#include <cstdint>
#include <string>

#include "common/calendar.hpp"
#include "pricing/option_spec.hpp"

namespace marginkit {

enum class InstrumentKind : std::int8_t { option = 0, future = 1, perpetual = 2, spot = 3 };

struct Instrument {
  std::string name;        // venue-style, e.g. BTC-27DEC26-100000-C, ETH_USDC-PERPETUAL
  std::string underlying;  // BTC, ETH, ...
  InstrumentKind kind = InstrumentKind::perpetual;
  Settlement settlement = Settlement::linear;
  OptionType option_type = OptionType::call;  // options only
  double strike = 0.0;                        // options only, USD
  TimestampMs expiry = 0;                     // options and futures, UTC ms
  // What premiums, P&L and isolated margin are paid in: the coin (inverse) or USDC/USDT.
  std::string settlement_asset;

  bool is_option() const { return kind == InstrumentKind::option; }
  bool has_expiry() const { return kind == InstrumentKind::option || kind == InstrumentKind::future; }
  bool is_inverse() const { return settlement == Settlement::inverse; }
};

}  // namespace marginkit
