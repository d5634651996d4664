#pragma once
// An account prepared once for many previews (mk.prepare): the pre-trade loop of a wallet, where
// the account and market stay put while the trader types order after order. (Not portfolio
// margin, which is a way of computing margin: this keeps one account's valuation for reuse.)
//
// Creating one values the account (risk, per-position breakdown, liquidation levels) and keeps
// what a preview would otherwise redo: the prepared positions (implied vols of given marks
// solved), the "before" risk and levels, and every point the liquidation search valued. A
// preview then re-prices only what its orders change: the ordered instruments' positions, the
// collateral, and the book at the few index levels the "after" refinements need, starting from
// the "before" search's tight brackets. Results equal preview_trade's (which is built on this) to
// rounding and the solver's tolerance.
//
// A preview runs the parts in order: the orders filled (orders.hpp), the account after judged and
// warned about (acceptance.hpp), the first order sized (sizing.hpp). This class only assembles
// the account after from what it kept and what the orders changed.
//
// State lives here and nowhere else in the core; the object owns copies of the account and market
// (its prepared data points into them), so it neither copies nor moves.
#include <memory>
#include <vector>

#include "account/account.hpp"
#include "common/status.hpp"
#include "liquidation/liquidation_price.hpp"
#include "margin/account_risk.hpp"
#include "market/market_snapshot.hpp"
#include "portfolio/scenario_pnl.hpp"
#include "preview/preview_types.hpp"

namespace marginkit {

class PreparedAccountPreview {
 public:
  static Status create(const Account& account, const MarketSnapshot& market, const PreviewConfig& config,
                       std::unique_ptr<PreparedAccountPreview>& out);

  PreparedAccountPreview(const PreparedAccountPreview&) = delete;
  PreparedAccountPreview& operator=(const PreparedAccountPreview&) = delete;

  const AccountRisk& risk() const { return before_; }
  const std::vector<LiquidationLevels>& liquidation_levels() const { return levels_before_; }
  const PreviewConfig& config() const { return config_; }
  const Account& account() const { return account_; }
  const MarketSnapshot& market() const { return market_; }

  // `options` overrides the per-preview parts of the creation config: liquidation warning
  // percent, size increment, position rows, account after (its risk schedule and
  // liquidation_levels are fixed at creation and are ignored here).
  Status preview(const std::vector<Order>& orders, const PreviewConfig& options, TradePreview& out) const;

 private:
  PreparedAccountPreview() = default;

  Account account_;
  MarketSnapshot market_;
  PreviewConfig config_;
  PreparedAccount prepared_;  // points into account_ and market_
  AccountRisk before_;
  AccountRisk before_totals_;  // before_ without its per-position rows
  std::vector<LiquidationLevels> levels_before_;
  // Portfolio mode: each position's P&L vector over its group's scenarios (a preview re-values
  // only the ordered instruments' and adds vectors).
  std::vector<PositionPnl> pnl_rows_;
  LiquidationSearchPoints points_before_;  // cross and portfolio modes: what the "before" search valued
};

}  // namespace marginkit
