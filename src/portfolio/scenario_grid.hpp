#pragma once
// A scenario-grid portfolio-margin model as data: the scenarios each underlying is revalued under,
// and how the worst of them becomes a requirement. Deribit's portfolio margin and a SPAN-style
// 16-scenario array are two parameter sets of it (portfolio-models/*.json, compiled in).
//
// Scenarios per underlying: spot moves of +/- price_range in 2 buckets + 1 evenly spaced points
// (zero included), each with the vol states in grid_vols (the shocks of scenario/market_move.hpp);
// then the tail table: each move (a fraction of the index, or a multiple of the price range) with tail_vol,
// its P&L weighted by w = tail_factor x (price_range / |move|)^tail_weight_power, counting options
// only when tail_options_only.
//  - Deribit: the extended table, vol up, options only ("meant to account for large short options
//    positions that are far out of the money"), w = price_range / |move| (an approximation:
//    Deribit publishes that only a fraction of the simulated P&L counts, not its dampener).
//  - SPAN (CME's standard 16 scenarios): buckets 3 (moves of 1/3, 2/3, 3/3 of the price scan
//    range), vol up and down; two extreme moves of +/- 3 ranges, vol unchanged, covered at 35 %.
// Per group of positions (one underlying, one settlement currency), in that currency:
//   worst case = -min over scenarios of (weight x P&L), gains counted at pnl_offset
//   roll shock = min_annualised_move x sum over futures and perpetuals of |size in coins|
//   short option minimum = short_option_minimum x index x coins of short options
//   IM = max(worst case + roll shock + contingencies, short option minimum);  MM = mm_factor x IM
#include <map>
#include <string>
#include <vector>

#include "scenario/market_move.hpp"

namespace marginkit {

// skew_linear / skew_abs: derive-pm2's skew tilts (vols tilted across strikes, not shifted).
enum class VolState : signed char { down = -1, none = 0, up = 1, skew_linear = 2, skew_abs = 3 };

// A set of vol states as bits: down 1, none 2, up 4.
inline unsigned char vol_bit(VolState vol) { return static_cast<unsigned char>(1 << (static_cast<int>(vol) + 1)); }

struct ScenarioGridModel {
  // Deribit's published parameters (scenario_grid.cpp; = portfolio-models/deribit.json). A
  // constructor rather than member initialisers: GCC 12 fails (an internal error) on
  // `RiskConfig{}` with the latter.
  ScenarioGridModel();

  std::string name;
  std::map<std::string, double> price_range;  // by underlying, e.g. BTC 0.16
  double default_price_range;                 // underlyings not in price_range
  int buckets;                                // points per side
  unsigned char grid_vols;                    // each grid move's vol states (vol_bit), in order down, none, up
  // The vol shocks (scenario/market_move.hpp): up = max(vol (1 + vol_range_up term) +
  // vol_points_up term, min_vol_up), down = max(vol (1 - vol_range_down term) - vol_points_down
  // term, 0), term = (30 / max(DTE, dte_floor_days))^power by the term powers.
  double vol_range_up;
  double vol_range_down;
  double vol_points_up;
  double vol_points_down;
  double min_vol_up;
  double short_term_power;  // under 30 days
  double long_term_power;
  double dte_floor_days;
  std::vector<double> tail_moves;
  bool tail_moves_in_ranges;  // tail moves are multiples of price_range, not fractions of the index
  VolState tail_vol;
  double tail_factor;
  double tail_weight_power;
  bool tail_options_only;
  double pnl_offset;            // share of a scenario's gain credited, [0, 1]
  double min_annualised_move;   // roll shock per coin of futures
  double short_option_minimum;  // fraction of the index per coin of short options
  double mm_factor;

  double range_of(const std::string& underlying) const {
    const auto found = price_range.find(underlying);
    return found == price_range.end() ? default_price_range : found->second;
  }
};

struct Scenario {
  double spot_move = 0.0;  // index after / before - 1
  VolState vol = VolState::none;
  bool tail = false;
  bool options_only = false;  // futures and perpetuals have no P&L in it
  double weight = 1.0;
};

// The scenarios of `underlying`: grid first (spot ascending, then vol down, none, up), tails last.
std::vector<Scenario> scenarios_of(const ScenarioGridModel& model, const std::string& underlying);
// The vol shock of a scenario's vol state (none: no shock).
VolShock vol_shock_of(const ScenarioGridModel& model, VolState vol);
// The market move of a scenario from an index already moved by base_ratio (1: the snapshot).
UnderlyingMove move_of(const ScenarioGridModel& model, const Scenario& scenario, double base_ratio);

}  // namespace marginkit
