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
namespace marginkit {

struct OptionMarginRule {
  double initial_base = 0.15;     // IM: max(initial_base - OTM/S, initial_floor) * S + mark
  double initial_floor = 0.10;
  double maintenance_rate = 0.075;  // MM: maintenance_rate * S + mark (calls)
  double put_mark_rate = 0.075;     // puts: max(maintenance_rate * S, put_mark_rate * mark) + mark
};

struct FuturesMarginRule {
  double initial_rate = 0.02;
  double maintenance_rate = 0.015;
  double rate_step = 0.005;  // added to both rates per `tier_size` coins of position size
  double tier_size = 100.0;  // coins
};

struct MarginSchedule {
  OptionMarginRule options;
  FuturesMarginRule futures;  // dated futures and perpetuals
};

}  // namespace marginkit
