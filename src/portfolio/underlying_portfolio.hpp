#pragma once
// One underlying's part of a portfolio requirement, set up once to be valued at many index levels
// (the liquidation search's trial prices): its groups, their positions and the positions' vol
// shock terms, with no lookup or string in the loop over prices.
#include <string>
#include <vector>

#include "common/function_ref.hpp"
#include "margin/account_risk.hpp"
#include "margin/margin_totals.hpp"
#include "portfolio/scenario_pnl.hpp"

namespace marginkit {

// A group's sums at one index level, with what its requirement needs beside them.
struct GroupAt {
  std::string currency;     // settlement currency
  double coin_index = 0.0;  // see position_pnl
  GroupSums sums;
};
// The groups of one underlying at one index level, in the order met (an underlying has a group or
// two: plain vectors searched in line). Requirements are added in currency order, as
// portfolio_margin adds them.
using GroupsAt = std::vector<GroupAt>;

class UnderlyingPortfolio {
 public:
  UnderlyingPortfolio(const PreparedAccount& prepared, const ScenarioGridModel& model, const std::string& underlying);
  // The same with the underlying's scenarios at base ratio 1 worked out already
  // (scenario_moves(model, underlying, 1.0)): a search that sets up many portfolios of one
  // underlying builds them once.
  UnderlyingPortfolio(const PreparedAccount& prepared, const ScenarioGridModel& model, const std::string& underlying,
                      ScenarioMoves moves);

  const std::string& underlying() const { return underlying_; }
  // The groups' sums with the index moved by `ratio`.
  GroupsAt groups_at(double ratio);
  // The model's requirement of `groups` at `ratio` (equity 0): portfolio_margin(..., ratio, true)'s
  // initial_usd and maintenance_usd.
  MarginTotals requirement(const GroupsAt& groups, double ratio) const;
  // The same added group by group to `into` (portfolio_margin's sum over all underlyings' groups).
  void add_requirement(const GroupsAt& groups, double ratio, MarginTotals& into) const;
  // Each group's requirement, in the order add_requirement adds them.
  std::vector<MarginTotals> group_requirements(const GroupsAt& groups, double ratio) const;

 private:
  // Each group's requirement at `ratio`, in currency order (as portfolio_margin adds them).
  void for_each_group_requirement(const GroupsAt& groups, double ratio,
                                  FunctionRef<void(const GroupRequirement&)> visit) const;

  std::string underlying_;
  const ScenarioGridModel* model_;
  GroupsAt groups_;  // with no sums yet
  std::vector<const PreparedPosition*> positions_;
  std::vector<ShockTerms> terms_;
  std::vector<std::size_t> group_;  // of each position, in groups_
  ScenarioMoves moves_;
  double index_usd_ = 0.0;  // the underlying's index in the snapshot
  PositionPnl scratch_;
};

// The group of `currency` in `groups`, added (with no sums) when missing.
GroupAt& group_in(GroupsAt& groups, const std::string& currency);
// `after` = `before` - `removed` + `added`, group by group (a group left with no position goes).
GroupsAt combine(const GroupsAt& before, const GroupsAt& removed, const GroupsAt& added);

}  // namespace marginkit
