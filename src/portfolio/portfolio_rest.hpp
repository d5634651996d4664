#pragma once
// The positions of an account an order leaves alone, as far as its portfolio requirement goes: each
// group's P&L sums over them. The max-size search then values only the ordered instruments'
// positions at each trial size and adds their vectors, instead of the whole book.
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "margin/account_risk.hpp"
#include "margin/margin_totals.hpp"
#include "portfolio/scenario_pnl.hpp"

namespace marginkit {

class PortfolioRest {
 public:
  // `rows`: the P&L of each of whole.positions (position_pnls); `touched`: the instruments left out.
  PortfolioRest(const PreparedAccount& whole, const std::vector<PositionPnl>& rows,
                const std::set<std::string>& touched, const ScenarioGridModel& model);

  // The model's requirement (IM and MM in USD; equity 0) of the rest with `part`'s positions
  // added. The same doubles as portfolio_margin of the whole account when `part` holds only new
  // instruments (they come last in it); else to rounding (their vectors are added last).
  MarginTotals requirement_with(const PreparedAccount& part) const;

 private:
  struct Group {
    const std::string* underlying = nullptr;
    const std::string* currency = nullptr;
    double coin_index = 0.0;
    const ScenarioMoves* moves = nullptr;
    GroupSums sums;
  };
  // The group of `p`'s instrument in `groups`, added (in portfolio_margin's order) when missing.
  Group& group_of(std::vector<Group>& groups, const PreparedPosition& p) const;

  const ScenarioGridModel& model_;
  std::vector<Group> groups_;
  // Each underlying's scenarios, base ratio 1 (a deque-like list: addresses are kept).
  mutable std::vector<std::unique_ptr<ScenarioMoves>> moves_;
};

}  // namespace marginkit
