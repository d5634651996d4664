#pragma once
// Rule-based margin schedules as data. Every coefficient is a parameter; the defaults follow
// Deribit's standard margin (options) and its futures tiers, as published in Deribit's margin
// documentation (read 2026-11-24):
//   short call IM = max(0.15 - OTM/S, 0.1) * S + mark      MM = 0.075 * S + mark
//   short put  IM = max(max(0.15 - OTM/S, 0.1) * S + mark, MM)
//              MM = max(0.075 * S, 0.075 * mark) + mark
//   long options: no margin; their premium is paid up front.
//   futures and perpetuals: IM rate 2 % + 0.5 % per 100 coins of position, MM rate 1.5 % + 0.5 %
//   per 100 coins, applied to the position's notional.
// S is the underlying (forward) price, OTM the out-of-the-money amount, all per coin in USD.
//
// The general form, of which Deribit's is one setting (every rate >= 0, so no margin is negative):
//   R   = the reference price: the option's forward (default) or the underlying's index
//   OTM = max(K - R, 0) (calls), max(R - K, 0) (puts)
//   P   = the option's mark (USD per coin); B = P, or max(entry, P) (premium basis, IM only)
//   MM  = max(maintenance_rate R, mark_rate P) + P + liquidation_fee_rate R
//         (mark_rate: put_mark_rate for puts, call_mark_rate for calls)
//   IM  = max(max(initial_base - otm_rate OTM/R, initial_floor) R + B, multiple MM)
//         (multiple: put_maintenance_multiple for puts, call_maintenance_multiple for calls)
// Venue profiles (profiles/*.json, selected by config.profile) are settings of these parameters.
#include <vector>

namespace marginkit {

// Which price the option formula's R is.
enum class ReferencePrice : signed char { forward = 0, index = 1 };
// What the IM adds as premium: the mark, or the larger of the entry price and the mark.
enum class PremiumBasis : signed char { mark = 0, max_entry_mark = 1 };

struct OptionMarginRule {
  double initial_base = 0.15;     // IM: max(initial_base - otm_rate OTM/R, initial_floor) R + B
  double initial_floor = 0.10;
  double otm_rate = 1.0;            // the share of the OTM amount the IM credits
  double maintenance_rate = 0.075;  // MM: max(maintenance_rate R, mark rate P) + P + fee R
  double put_mark_rate = 0.075;
  double call_mark_rate = 0.0;
  double liquidation_fee_rate = 0.0;
  double put_maintenance_multiple = 1.0;  // put IM >= this x MM
  double call_maintenance_multiple = 0.0;  // call IM >= this x MM
  ReferencePrice reference = ReferencePrice::forward;
  PremiumBasis premium_basis = PremiumBasis::mark;

  double mark_rate(bool call) const { return call ? call_mark_rate : put_mark_rate; }
  double maintenance_multiple(bool call) const { return call ? call_maintenance_multiple : put_maintenance_multiple; }
};

// One bracket of a stepped futures table: positions up to `up_to` (coins or USD, see TierUnit;
// inclusive) take these rates.
struct FuturesTier {
  double up_to = 0.0;
  double initial_rate = 0.0;
  double maintenance_rate = 0.0;
};

// What a tier table's brackets measure: the position in coins, or its notional in USD.
enum class TierUnit : signed char { coins = 0, usd = 1 };
// How a tier's rates apply: to the whole position (the bracket holding it: OKX, BitMEX), or each
// rate to the part of the position within its bracket (Bybit's MM, Binance's "maintenance amount").
enum class TierMode : signed char { whole = 0, marginal = 1 };

struct FuturesMarginRule {
  double initial_rate = 0.02;
  double maintenance_rate = 0.015;
  double rate_step = 0.005;  // added to both rates per `tier_size` coins of position size
  double tier_size = 100.0;  // coins
  // A stepped table instead of the linear add-on above, when not empty: brackets in increasing
  // order of up_to, rates that never fall; a position beyond the last bracket takes its rates.
  std::vector<FuturesTier> tiers;
  TierUnit tier_unit = TierUnit::coins;
  TierMode tier_mode = TierMode::whole;
};

struct MarginSchedule {
  OptionMarginRule options;
  FuturesMarginRule futures;  // dated futures and perpetuals
};

}  // namespace marginkit
