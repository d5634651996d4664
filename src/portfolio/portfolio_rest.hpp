#pragma once
// The positions of an account an order leaves alone, as far as its portfolio requirement goes: each
// group's P&L sums over them. The max-size search then values only the ordered instruments'
// positions at each trial size and adds their vectors, instead of the whole book.
#include <set>
#include <string>
#include <vector>

#include "margin/account_risk.hpp"
#include "margin/margin_totals.hpp"
#include "portfolio/portfolio_model.hpp"
#include "portfolio/scenario_pnl.hpp"
#include "portfolio/underlying_portfolio.hpp"

namespace marginkit {

class PortfolioRest {
 public:
  // `rows`: the P&L of each of whole.positions (position_pnls); `touched`: the instruments left out.
  PortfolioRest(const PreparedAccount& whole, const std::vector<PositionPnl>& rows,
                const std::set<std::string>& touched, const PortfolioModel& model);

  // The model's requirement (IM and MM in USD; equity 0) of the rest with `part`'s positions
  // added. The same doubles as portfolio_margin of the whole account when `part` holds one new
  // instrument per group (it comes last in it); else to rounding (its vectors are added last).
  MarginTotals requirement_with(const PreparedAccount& part) const;

 private:
  struct Underlying {
    std::string name;
    GroupsAt groups;
    ScenarioMoves moves;  // at base ratio 1: built once, not at every trial size
    // The rest's group requirements, in the order they are added: an underlying the part leaves
    // alone adds these at every trial size.
    std::vector<MarginTotals> alone;
  };
  const PortfolioModel& model_;
  // A model that does not add up (portfolio_margin.hpp, adds_up): the rest's positions, valued
  // again with the part's at each trial size.
  std::vector<PreparedPosition> untouched_;
  std::vector<Underlying> underlyings_;  // by name, as portfolio_margin orders its groups
};

}  // namespace marginkit
