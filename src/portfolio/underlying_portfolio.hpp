#pragma once
// One underlying's part of a portfolio requirement, set up once to be valued at many index levels
// (the liquidation search's trial prices): its groups, their positions and the positions' vol
// shock terms, with no lookup, allocation or string in the loop over prices.
#include <string>
#include <vector>

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
// The groups of one underlying at one index level, by currency (portfolio_margin's order). Plain
// vectors searched in line: an underlying has a group or two.
using GroupsAt = std::vector<GroupAt>;

class UnderlyingPortfolio {
 public:
  UnderlyingPortfolio(const PreparedAccount& prepared, const ScenarioGridModel& model, const std::string& underlying);

  const std::string& underlying() const { return underlying_; }
  // The groups' sums with the index moved by `ratio`.
  GroupsAt groups_at(double ratio);
  // The model's requirement of `groups` at `ratio` (equity 0): portfolio_margin(..., ratio, true)'s
  // initial_usd and maintenance_usd.
  MarginTotals requirement(const GroupsAt& groups, double ratio) const;
  // The same added group by group to `into` (portfolio_margin's sum over all underlyings' groups).
  void add_requirement(const GroupsAt& groups, double ratio, MarginTotals& into) const;

 private:
  struct Group {
    std::string currency;
    double coin_index = 0.0;
    std::vector<const PreparedPosition*> positions;
    std::vector<ShockTerms> terms;
  };
  std::string underlying_;
  const ScenarioGridModel* model_;
  std::vector<Group> groups_;
  ScenarioMoves moves_;
  PositionPnl scratch_;
};

// The group of `currency` in `groups`, added (in currency order, with no sums) when missing.
GroupAt& group_in(GroupsAt& groups, const std::string& currency);
// `after` = `before` - `removed` + `added`, group by group (a group left with no position goes).
GroupsAt combine(const GroupsAt& before, const GroupsAt& removed, const GroupsAt& added);

}  // namespace marginkit
