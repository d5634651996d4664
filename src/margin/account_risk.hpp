#pragma once
// Account risk in one margin mode: equity, initial and maintenance margin, ratios, status,
// Greeks per underlying, and a breakdown per position. All amounts in USD.
//
// equity = collateral value + unrealised P&L of futures and perpetuals + value of options held
//          (long positive, short negative; premiums already moved collateral when traded)
// available margin = equity - initial margin      margin ratio = MM / equity
// status (in this order): liquidation when something is at risk and equity does not cover it:
// equity < MM, or equity = MM > 0 (an account with equity = MM = 0, such as one holding only
// a long option worth nothing, has nothing to liquidate); margin_call when equity < IM (only
// risk-reducing orders allowed); warning when MM > 0 and MM / equity >= warning_ratio; else
// healthy. The liquidation search (liquidation_price.hpp) reports exactly the prices where this
// status enters or leaves `liquidation`.
// In isolated mode the status is the worst over positions, each judged on its own equity
// (isolated margin + unrealised P&L) against its own margins, and available margin is the
// collateral no position holds: collateral value - the isolated margins, each valued as a unit
// of its balance is (at its collateral price: a haircut applies to both, and a balance wholly
// assigned leaves 0); negative when positions are assigned more than the collateral holds (a
// preview rejects an order that leaves a balance so over-assigned, unless it already was and the
// order makes it no worse, as INSUFFICIENT_BALANCE).
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "account/account.hpp"
#include "account/collateral.hpp"
#include "common/status.hpp"
#include "margin/margin_schedule.hpp"
#include "margin/margin_totals.hpp"
#include "margin/position_valuation.hpp"
#include "market/market_snapshot.hpp"
#include "portfolio/portfolio_model.hpp"

namespace marginkit {

enum class MarginStatus : std::int8_t { healthy = 0, warning = 1, margin_call = 2, liquidation = 3 };
// The one list of status names, by MarginStatus value (tests/js/names.test.mjs holds it against
// MarginStatus in web/marginkit.d.ts).
inline constexpr const char* kMarginStatusNames[] = {"healthy", "warning", "margin_call", "liquidation"};
inline const char* to_string(MarginStatus status) { return kMarginStatusNames[static_cast<int>(status)]; }

struct PortfolioMargin;  // portfolio/portfolio_margin.hpp
struct PositionPnl;      // portfolio/scenario_pnl.hpp

struct RiskConfig {
  MarginSchedule schedule;
  PortfolioModel portfolio;  // the model of portfolio mode (account.mode 'portfolio')
  double warning_ratio = 0.8;  // MM / equity at or above which status is `warning`
};

// Everything about an account in a market that does not change when an index moves.
struct PreparedAccount {
  const Account* account = nullptr;
  const MarketSnapshot* market = nullptr;
  std::vector<PreparedPosition> positions;
  std::vector<PreparedCollateral> collateral;
  // Position indices by underlying, for revaluing one underlying's part many times.
  std::map<std::string, std::vector<std::size_t>> positions_by_underlying;
};

Status prepare_account(const Account& account, const MarketSnapshot& market, PreparedAccount& out);
// The same, taking each position's and balance's preparation from `like` (same market) when it
// holds the same instrument or asset: no implied vol solved twice. `like` may be null.
Status prepare_account_like(const Account& account, const MarketSnapshot& market, const PreparedAccount* like,
                            PreparedAccount& out);

struct PositionRisk {
  std::string instrument;
  double size = 0.0;
  PositionValue value;
  double isolated_equity_usd = 0.0;  // isolated mode: isolated margin + unrealised P&L
  MarginStatus status = MarginStatus::healthy;  // isolated mode; cross: the account's
};

struct UnderlyingGreeks {
  std::string underlying;
  double index = 0.0;
  // Derivatives of equity along underlying_totals' index ratio (the revaluation rule): the
  // positions' (PositionValue) and coin collateral's (collateral_delta_coins: price / index).
  double delta_coins = 0.0;        // d equity / d index: coins of exposure
  double delta_usd = 0.0;          // delta_coins * index
  double gamma_per_usd = 0.0;      // d delta_coins / d index = d2 equity / d index2
  double gamma_usd_per_1pct = 0.0;  // change of delta_usd for a 1 % move: gamma S^2 / 100
  double vega_usd = 0.0;           // per vol point, all options on this underlying
  double theta_usd_per_day = 0.0;
};

// An account's figures in one currency, in its units (margin/currency_risk.hpp says what counts).
struct CurrencyRisk {
  std::string currency;
  double index = 0.0;  // USD per unit
  double balance = 0.0;
  double equity = 0.0;
  double initial_margin = 0.0;
  double maintenance_margin = 0.0;
  double available_margin = 0.0;
};

struct AccountRisk {
  double collateral_usd = 0.0;
  double unrealized_pnl_usd = 0.0;
  double options_value_usd = 0.0;
  double equity_usd = 0.0;
  double initial_margin_usd = 0.0;
  double maintenance_margin_usd = 0.0;
  double available_margin_usd = 0.0;  // cross: equity - IM; isolated: collateral not assigned
  double margin_ratio = 0.0;    // MM / equity (+inf when equity <= 0 and MM > 0)
  double initial_margin_ratio = 0.0;
  double leverage = 0.0;        // gross notional / equity
  MarginStatus status = MarginStatus::healthy;
  std::vector<CurrencyRisk> currencies;
  // Portfolio mode: the model's requirement, its groups, scenarios and P&L matrix (IM and MM
  // above are its totals); null in other modes.
  std::shared_ptr<const PortfolioMargin> portfolio;  // per collateral asset and settlement currency, by name
  std::vector<PositionRisk> positions;
  std::vector<UnderlyingGreeks> greeks;

  // equity_usd, initial_margin_usd and maintenance_margin_usd, to add or take away a part.
  MarginTotals totals() const { return {equity_usd, initial_margin_usd, maintenance_margin_usd}; }
};

AccountRisk account_risk(const PreparedAccount& prepared, const RiskConfig& config);

// The two halves of account_risk, for callers that keep rows between calls (a prepared
// account's preview re-values only the positions its orders change): one position's row (value,
// Greeks; isolated equity and status in isolated mode), and the account from its rows, which must
// be in the order of prepared.positions.
PositionRisk position_risk(const PreparedPosition& position, const RiskConfig& config, MarginMode mode);
AccountRisk account_risk_from_rows(const PreparedAccount& prepared, std::vector<PositionRisk> rows,
                                   const RiskConfig& config);
// Rows by address, for using rows where they are (a prepared account's preview sums thousands of
// kept rows per call) rather than copying them.
using RowAddresses = std::vector<const PositionRisk*>;
RowAddresses addresses_of(const std::vector<PositionRisk>& rows);
// The same totals from rows given by address (none copied), with no rows in the result: its
// `positions` is empty, and in cross mode the rows' own status is not the account's.
// Portfolio mode: `pnl_rows`, when given, holds each position's P&L vector where one was kept
// (null where not; see portfolio_margin_from).
AccountRisk account_totals_from_rows(const PreparedAccount& prepared, const RowAddresses& rows,
                                     const RiskConfig& config,
                                     const std::vector<const PositionPnl*>* pnl_rows = nullptr);

MarginStatus classify(double equity, double initial_margin, double maintenance_margin,
                      double warning_ratio);

// Equity, IM and MM of the parts of an account that move with one underlying's index (its
// positions, and collateral priced by it) with that index moved by `index_ratio`. The rest of
// the account does not move, so account totals = these + the same at ratio 1 of the others.
struct ScenarioTotals : MarginTotals {
  // Two more sums, for bounding the totals between index levels (liquidation_price.cpp). Each is
  // a convex function of the index, and so are maintenance, equity + short_options and
  // initial + otm_credit: what the search's guarantee rests on.
  double short_options = 0.0;  // value of the short options, as a positive amount
  double otm_credit = 0.0;     // short options: |size| x the OTM amount their IM credits

  // Adding or taking away a ScenarioTotals moves all five sums; a MarginTotals, its three.
  using MarginTotals::operator+=;
  using MarginTotals::operator-=;
  ScenarioTotals& operator+=(const ScenarioTotals& other) {
    MarginTotals::operator+=(other);
    short_options += other.short_options;
    otm_credit += other.otm_credit;
    return *this;
  }
  ScenarioTotals& operator-=(const ScenarioTotals& other) {
    MarginTotals::operator-=(other);
    short_options -= other.short_options;
    otm_credit -= other.otm_credit;
    return *this;
  }
};
inline ScenarioTotals operator+(ScenarioTotals a, const ScenarioTotals& b) { return a += b; }
inline ScenarioTotals operator-(ScenarioTotals a, const ScenarioTotals& b) { return a -= b; }
ScenarioTotals underlying_totals(const PreparedAccount& prepared, const RiskConfig& config,
                                 const std::string& underlying, double index_ratio);
// The same at many levels, given as ln(index ratio): equal to underlying_totals(..., exp(x)) at
// each, computed position by position (one pass over the book, not one per level).
std::vector<ScenarioTotals> underlying_totals(const PreparedAccount& prepared, const RiskConfig& config,
                                              const std::string& underlying, const std::vector<double>& log_ratios);

}  // namespace marginkit
