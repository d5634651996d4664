#pragma once
// Portfolio (risk-based) margin of an account under a scenario-grid model: what does not add up
// position by position. Each position's P&L vector over the scenarios does add up; the worst
// scenario is taken only at the end, per group of positions (one underlying, one settlement
// currency: Deribit margins each currency's positions in that currency). Collateral is the
// numeraire of its own group and has no P&L in it.
#include <string>
#include <vector>

#include "margin/account_risk.hpp"
#include "portfolio/portfolio_model.hpp"
#include "portfolio/scenario_grid.hpp"
#include "portfolio/scenario_pnl.hpp"

namespace marginkit {

// A charge a model adds to the scan (derive-pm2's contingencies: "perp" and "option" notional,
// "collateral" haircuts, "confidence"); none in Deribit's or SPAN's.
struct Contingency {
  std::string name;
  double amount = 0.0;  // in the group's currency
};

struct PortfolioGroup {
  std::string underlying;
  std::string currency;        // the positions' settlement asset: P&L and margins in its units
  double currency_usd = 0.0;   // USD per unit of `currency` (the coin's index, 1 for stablecoins)
  std::vector<Scenario> scenarios;
  std::vector<std::size_t> positions;  // indices into the prepared account's positions
  std::vector<std::string> instruments;  // their names
  // P&L of each position in each scenario, unweighted, in `currency`: pnl[s * positions + i].
  std::vector<double> pnl;
  std::vector<double> scenario_pnl;  // per scenario: weight x the sum, gains at pnl_offset
  std::size_t binding = 0;           // the worst scenario
  // What set the worst case when the model says more than a scenario (derive-pm2: "regular",
  // "tail", "skew", "basis" or "tie:..."); empty for the scenario grids.
  std::string binding_part;
  // The P&L of a scenario is the sum of the positions' (pnl holds them). derive-pm2: false, it
  // discounts each expiry's net shocked value, and pnl is empty.
  bool additive = true;
  double worst_case = 0.0;           // >= 0, in `currency`
  double roll_shock = 0.0;
  // derive-pm2: its basis contingency's loss (>= 0), a scenario of its own in the worst case (which
  // it sets when bindingPart is "basis"); 0 for the scenario grids.
  double basis_shock = 0.0;
  std::vector<Contingency> contingencies;  // IM's charges beside the scan
  // MM's, when the model charges MM its own (derive-pm2); empty: MM is a factor of IM.
  std::vector<Contingency> maintenance_contingencies;
  double short_option_minimum = 0.0;
  double initial = 0.0;              // the requirement (portfolio/requirement.hpp), in `currency`
  double maintenance = 0.0;
  double initial_usd = 0.0;
  double maintenance_usd = 0.0;
};

struct PortfolioMargin {
  std::vector<PortfolioGroup> groups;  // by underlying, then currency
  double initial_usd = 0.0;
  double maintenance_usd = 0.0;
};

// The portfolio margin of `prepared` with `moved_underlying`'s index moved by base_ratio (1: as it
// stands; the liquidation search moves one underlying at a time), other underlyings as they are;
// only_moved: the groups of that underlying alone, and only their requirements (no P&L matrix,
// scenario list or names: the liquidation search asks at every trial price).
PortfolioMargin portfolio_margin(const PreparedAccount& prepared, const PortfolioModel& model,
                                 const std::string& moved_underlying = std::string(), double base_ratio = 1.0,
                                 bool only_moved = false);

// Whether the model's requirement is a function of the positions' P&L vectors added up (the
// scenario grids), so that what an account keeps of them (below) can be reused; derive-pm2's is
// not (it discounts each expiry's net shocked value): every path then values the whole book.
inline bool adds_up(const PortfolioModel& model) { return !model.derive_pm2; }

// Each position's P&L vector with nothing moved, in prepared.positions' order: the rows a prepared
// account keeps, so that an account after orders re-values only the positions they change. Empty
// when the model does not add up.
std::vector<PositionPnl> position_pnls(const PreparedAccount& prepared, const PortfolioModel& model);
// portfolio_margin(prepared, model) from rows: rows[i] is the P&L of prepared.positions[i] as
// position_pnls gives it, or null (then valued here). The same doubles as portfolio_margin.
using PnlAddresses = std::vector<const PositionPnl*>;
PortfolioMargin portfolio_margin_from(const PreparedAccount& prepared, const PortfolioModel& model,
                                      const PnlAddresses& rows);

}  // namespace marginkit
