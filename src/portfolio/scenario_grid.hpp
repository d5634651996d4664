#pragma once
// A scenario-grid portfolio-margin model as data (Deribit's portfolio margin is the default): the
// scenarios each underlying is revalued under, and how the worst of them becomes a requirement.
//
// Scenarios per underlying: spot moves of +/- price_range in 2 buckets + 1 evenly spaced points
// (zero included), each with vol up, unchanged and down (the shocks of scenario/market_move.hpp);
// then the extended tail table, each move with vol up, counting options only (Deribit: "meant
// to account for large short options positions that are far out of the money"), its P&L
// weighted by w = tail_factor x price_range / |move| (an approximation: Deribit publishes that
// only a fraction of the simulated P&L counts, not its dampener). Per group of positions (one underlying, one settlement currency), in that currency:
//   worst case = -min over scenarios of (weight x P&L), gains counted at pnl_offset
//   roll shock = min_annualised_move x sum over futures and perpetuals of |size in coins|
//   risk-matrix margin = worst case + roll shock = IM;   MM = mm_factor x IM
#include <map>
#include <string>
#include <vector>

#include "scenario/market_move.hpp"

namespace marginkit {

struct ScenarioGridModel {
  // Deribit's published parameters (scenario_grid.cpp). A constructor rather than member
  // initialisers: GCC 12 fails (an internal error) on `RiskConfig{}` with the latter.
  ScenarioGridModel();

  std::string name;
  std::map<std::string, double> price_range;  // by underlying, e.g. BTC 0.16
  double default_price_range;                 // underlyings not in price_range
  int buckets;                                // points per side
  VolShock vol_up;
  VolShock vol_down;
  std::vector<double> tail_moves;
  double tail_factor;
  double pnl_offset;           // share of a scenario's gain credited, [0, 1]
  double min_annualised_move;  // roll shock per coin of futures
  double mm_factor;

  double range_of(const std::string& underlying) const {
    const auto found = price_range.find(underlying);
    return found == price_range.end() ? default_price_range : found->second;
  }
};

// skew_linear / skew_abs: derive-pm2's skew tilts (vols tilted across strikes, not shifted).
enum class VolState : signed char { down = -1, none = 0, up = 1, skew_linear = 2, skew_abs = 3 };

struct Scenario {
  double spot_move = 0.0;  // index after / before - 1
  VolState vol = VolState::none;
  bool tail = false;
  double weight = 1.0;
};

// The scenarios of `underlying`, grid first (spot ascending, then vol down, none, up), tails last.
std::vector<Scenario> scenarios_of(const ScenarioGridModel& model, const std::string& underlying);
// The market move of a scenario from an index already moved by base_ratio (1: the snapshot).
UnderlyingMove move_of(const ScenarioGridModel& model, const Scenario& scenario, double base_ratio);

}  // namespace marginkit
