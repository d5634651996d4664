#pragma once
// Pre-trade preview: what one or more orders would do to an account's margin, before signing.
//
// Orders are applied as if filled at their price (default: the mark): a buy of an option pays its
// premium from the settlement asset's collateral; a sell is NOT credited its premium (it has not
// filled yet), which is conservative, as exchanges do for open orders. Closing futures realises
// P&L into the settlement asset. Acceptance: the account after the orders is neither in
// margin_call nor liquidation, or the orders only reduce risk (no position grows or flips, and
// maintenance margin does not rise).
#include <limits>
#include <string>
#include <vector>

#include "account/account.hpp"
#include "common/status.hpp"
#include "liquidation/liquidation_price.hpp"
#include "margin/account_risk.hpp"

namespace marginkit {

enum class OrderSide : std::int8_t { buy = 1, sell = -1 };

struct Order {
  Instrument instrument;
  OrderSide side = OrderSide::buy;
  double size = 0.0;  // contracts, > 0
  // Limit price in the instrument's quote (USD; coins for inverse option premiums); NaN: mark.
  double price = std::numeric_limits<double>::quiet_NaN();
  // Isolated mode: margin to assign to the position, settlement currency; NaN: its initial margin.
  double isolated_margin = std::numeric_limits<double>::quiet_NaN();
};

// Which per-position rows a preview's before and after carry: every position, only those of the
// ordered instruments, or none (the totals, Greeks and levels are always there).
enum class PositionRows : std::int8_t { all, changed, none };

struct PreviewConfig {
  RiskConfig risk;
  double liquidation_warning_percent = 10.0;  // LIQUIDATION_PRICE_WITHIN_X_PERCENT below this
  // Step of the max-size search; NaN: 0.01 coin for options, 10 USD for inverse futures and
  // perpetuals, 0.0001 coin for linear futures, perpetuals and spot.
  double size_increment = std::numeric_limits<double>::quiet_NaN();
  bool liquidation_levels = true;
  PositionRows position_rows = PositionRows::all;
};

struct PreviewWarning {
  std::string code;  // stable: see web/marginkit.d.ts PreviewWarningCode
  std::string message;
};

struct TradePreview {
  AccountRisk before;
  AccountRisk after;
  std::vector<LiquidationLevels> liquidation_before;  // cross: per underlying; isolated: per position
  std::vector<LiquidationLevels> liquidation_after;
  bool accepted = false;
  std::string reject_reason;  // empty when accepted; else a warning code
  std::vector<PreviewWarning> warnings;
  double max_size = 0.0;       // largest size of the first order (its side) still accepted
  double size_increment = 0.0;
  double top_up_usd = 0.0;     // collateral that would make a rejected preview acceptable
  std::string top_up_asset;    // in the first order's settlement asset
  double top_up_amount = 0.0;
};

// One-shot: Portfolio::create then Portfolio::preview (preview/portfolio.hpp).
Status preview_trade(const Account& account, const MarketSnapshot& market,
                     const std::vector<Order>& orders, const PreviewConfig& config,
                     TradePreview& out);

// Mark of an instrument in its own quote (USD; coins for inverse option premiums). Errors name
// `field`.instrument (no market data, expired, no vol), or market.markPrices.<name> for a given
// mark that no vol reproduces.
Status instrument_mark(const Instrument& instrument, const MarketSnapshot& market, const RiskConfig& risk,
                       const std::string& field, double& mark);

// The account after the orders fill (see the header comment for the rules).
Status apply_orders(const Account& account, const MarketSnapshot& market,
                    const std::vector<Order>& orders, const RiskConfig& risk, Account& after);

}  // namespace marginkit
