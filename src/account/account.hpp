#pragma once
// An account as the trader holds it: collateral, positions, margin mode. Plain data.
#include <limits>
#include <string>
#include <vector>

#include "instruments/instrument.hpp"

namespace marginkit {

// cross: one margin pool in USD across all positions and collateral.
// isolated: each position has its own margin (`isolated_margin`); a position is liquidated when
// its own equity (isolated margin + P&L) falls to its maintenance margin.
// cross: standard margin summed over positions against pooled collateral; isolated: each position
// on its own margin; portfolio: collateral pooled as in cross, margin from a scenario-grid model
// (portfolio/portfolio_margin.hpp), which does not add up position by position.
enum class MarginMode : std::int8_t { cross = 0, isolated = 1, portfolio = 2 };
// account.mode's names, by MarginMode value: read by the account reader, written by the account
// a preview returns (accountAfter).
inline constexpr const char* kMarginModeNames[] = {"cross", "isolated", "portfolio"};

struct CollateralBalance {
  std::string asset;   // USDC, USDT, USD, BTC, ETH, ...
  double amount = 0.0;  // in units of the asset
};

struct Position {
  Instrument instrument;
  double size = 0.0;         // contracts, negative = short (see instrument.hpp for the contract)
  double entry_price = 0.0;  // USD per coin; option premiums in the settlement currency
  // isolated mode only: margin assigned to this position, in its settlement currency (USD for
  // linear, coins for inverse). NaN when not given.
  double isolated_margin = std::numeric_limits<double>::quiet_NaN();
};

struct Account {
  MarginMode mode = MarginMode::cross;
  std::vector<CollateralBalance> collateral;
  std::vector<Position> positions;
};

}  // namespace marginkit
