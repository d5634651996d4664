#pragma once
// One position valued in a market where its underlying's index has moved by `index_ratio`
// (1 = the snapshot): mark, contribution to equity, P&L, margin and Greeks, all in USD.
//
// prepare_position does the work that does not depend on the index (time to expiry, discount,
// the vol at the snapshot, implied vol of a given mark) once, so that liquidation searches
// revalue a book cheaply at many index prices.
#include <limits>
#include <string>

#include "account/account.hpp"
#include "common/status.hpp"
#include "margin/margin_schedule.hpp"
#include "margin/margin_totals.hpp"
#include "market/market_lookup.hpp"
#include "market/market_snapshot.hpp"
#include "scenario/market_move.hpp"

namespace marginkit {

struct PreparedPosition {
  // What value_position reads at every index level comes first, together, and without a trip to
  // the Position: a liquidation search sweeps the whole book dozens of times, and for books of
  // many thousand positions those sweeps are bound by memory traffic, not arithmetic.
  double size = 0.0;         // the position's size and entry price (set with `position`)
  double entry_price = 0.0;
  double strike = 0.0;        // the instrument's (options)
  double t = 0.0;             // years to expiry (options, futures)
  double base_forward = 0.0;  // forward (futures, options) or index (perps, spot) in the snapshot
  double base_mark = 0.0;     // futures/perps: mark in the snapshot (given or the forward)
  double vol = 0.0;           // options: vol at the snapshot (fixed unless smile_vol)
  // Options with a mark in market.markPrices: that mark as given (settlement currency), echoed
  // exactly at the snapshot rather than re-priced from its implied vol; NaN when none was given.
  double given_mark = std::numeric_limits<double>::quiet_NaN();
  // Options: what the Black-76 premium needs along the index axis, worked out once.
  double sqrt_t = 0.0;
  double discount = 1.0;               // e^(-rate t)
  double log_forward_moneyness = 0.0;  // ln(base_forward / strike)
  const UnderlyingMarket* market = nullptr;
  InstrumentKind kind = InstrumentKind::perpetual;  // the instrument's
  Settlement settlement = Settlement::linear;
  OptionType option_type = OptionType::call;
  bool smile_vol = false;      // re-read the smile at each index ratio (sticky moneyness)
  bool smile_located = false;  // `smile` holds this option's slices
  ExpirySmile smile;           // when smile_vol and the smile is sorted (parsed ones are)
  const Position* position = nullptr;
  TimestampMs valuation_time = 0;

  bool is_option() const { return kind == InstrumentKind::option; }
  bool is_inverse() const { return settlement == Settlement::inverse; }
  // Points this preparation at `p`, a position in the same instrument (size and entry may differ).
  void set_position(const Position& p) {
    position = &p;
    size = p.size;
    entry_price = p.entry_price;
  }
};

// A long option or a spot holding: paid for in full, it needs no margin and cannot be
// liquidated (isolated mode judges it healthy whatever its P&L).
inline bool is_paid_in_full(const PreparedPosition& p) {
  return (p.is_option() && p.size > 0.0) || p.kind == InstrumentKind::spot;
}

// field: JSON path of the position, for errors ("account.positions[3]").
Status prepare_position(const Position& position, const MarketSnapshot& market,
                        const std::string& field, PreparedPosition& out);

struct PositionValue {
  double index = 0.0;             // underlying index used, USD
  double mark = 0.0;              // instrument's own quote: USD per coin, or coins (inverse options)
  double forward = 0.0;           // the forward used (options, futures; perpetuals and spot: index)
  double vol = 0.0;               // options: the vol used (implied from a given mark, or the model's)
  double years_to_expiry = 0.0;   // options and futures, ACT/365; 0 for perpetuals and spot
  double value_usd = 0.0;         // contribution to account equity (see account_risk.hpp)
  double unrealized_pnl_usd = 0.0;
  double notional_usd = 0.0;      // |exposure| in USD, for leverage
  double initial_margin_usd = 0.0;
  double maintenance_margin_usd = 0.0;
  // Short options: |size| x the out-of-the-money amount their initial margin credits, in USD
  // (see OptionMargin::otm; the liquidation search needs it to bound IM between prices).
  double otm_credit_usd = 0.0;
  // Sensitivities of value_usd to the underlying's index S along value_position's index ratio
  // (forwards and futures marks with it, smile vols by sticky moneyness): USD per USD = coins, etc.
  double delta_coins = 0.0;       // d value_usd / dS
  double gamma_per_usd = 0.0;     // d delta_coins / dS = d2 value_usd / dS2
  double vega_usd = 0.0;          // per vol point (0.01)
  double theta_usd_per_day = 0.0;

  // What it adds to a cross account's equity, IM and MM.
  MarginTotals totals() const { return {value_usd, initial_margin_usd, maintenance_margin_usd}; }
};

PositionValue value_position(const PreparedPosition& prepared, const MarginSchedule& schedule,
                             double index_ratio, bool with_greeks);
// The same with ln(index_ratio) given too, for loops that move a whole book by one ratio.
PositionValue value_position(const PreparedPosition& prepared, const MarginSchedule& schedule,
                             double index_ratio, double log_index_ratio, bool with_greeks);

// Options: the premium, USD per coin, with the index moved by index_ratio (the forward with it,
// the vol by sticky moneyness): what value_position uses. Never negative: far from the money
// Black-76's two legs cancel, and rounding alone could leave a premium of -1e-318.
double option_premium_usd(const PreparedPosition& prepared, double index_ratio);

// The position's contribution to equity (value_usd) with its underlying's market moved by `move`
// (scenario/market_move.hpp for the rule), without margins or Greeks: what portfolio-margin
// scenarios and stress tests revalue. The identity move re-prices a given option mark from its
// implied vol (value_position echoes it exactly instead): P&L against a scenario is taken
// against this function's identity value, so that no move is no P&L, to the bit.
double moved_value_usd(const PreparedPosition& prepared, const UnderlyingMove& move);

// moved_value_usd for a move with no time (days 0), from what a revaluation of one underlying in
// many scenarios works out once: ln(spot_ratio), and for options their vol at that ratio
// (option_vol_at, before any shock) and the shock's term at their time to expiry (shock_term of
// prepared.t). The same double as moved_value_usd, with less work.
double moved_value_usd(const PreparedPosition& prepared, double spot_ratio, double log_spot_ratio, double vol,
                       const VolShock& shock, double term);
// An option's vol with the index moved by index_ratio, before any shock: its fixed vol, or the smile's
// at its strike's moneyness (sticky moneyness).
double option_vol_at(const PreparedPosition& prepared, double index_ratio);

// Contracts -> coins of exposure at forward price F (inverse futures are sized in USD).
double size_in_coins(const Position& position, double forward);

}  // namespace marginkit
