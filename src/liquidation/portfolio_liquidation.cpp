// The portfolio-margin liquidation search: the cross search's scan and refinement
// (liquidation_price.cpp) on a part whose requirement is the scenario model's, recomputed at each
// trial price; and the same for an account after orders from the points of the search before.
// Compiled for size: the work is in position_pnl (portfolio/position_pnl.cpp).
#include <algorithm>
#include <cmath>
#include <memory>

#include "liquidation/liquidation_price.hpp"
#include "liquidation/search_support.hpp"
#include "portfolio/portfolio_margin.hpp"
#include "portfolio/underlying_portfolio.hpp"

namespace marginkit {

namespace {

// One account's portfolio groups, set up for valuing at many prices, one underlying at a time
// (a search values one underlying's part at all its trial prices before the next's).
class UnderlyingPortfolios {
 public:
  UnderlyingPortfolios(const PreparedAccount& prepared, const RiskConfig& config)
      : prepared_(prepared), config_(config) {}
  UnderlyingPortfolio& of(const std::string& underlying) {
    if (!current_ || current_->underlying() != underlying) {
      current_ = std::make_unique<UnderlyingPortfolio>(prepared_, config_.portfolio.grid, underlying);
    }
    return *current_;
  }

 private:
  const PreparedAccount& prepared_;
  const RiskConfig& config_;
  std::unique_ptr<UnderlyingPortfolio> current_;
};

// The part of `prepared` on one underlying with its index moved by `ratio`: equity, and the model's
// requirement of that underlying's groups (recomputed: it does not add up). `groups` receives the
// groups' sums. No convex bounds (short_options, otm_credit 0): cells are judged by their ends.
ScenarioTotals portfolio_part(const PreparedAccount& prepared, const RiskConfig& config, UnderlyingPortfolios& portfolios,
                              const std::string& underlying, double ratio, GroupsAt& groups) {
  ScenarioTotals t;
  t.equity = underlying_totals(prepared, config, underlying, ratio).equity;
  if (!adds_up(config.portfolio)) {  // no sums to keep: the model values the underlying's groups whole
    const PortfolioMargin pm = portfolio_margin(prepared, config.portfolio, underlying, ratio, true);
    t.initial = pm.initial_usd;
    t.maintenance = pm.maintenance_usd;
    return t;
  }
  UnderlyingPortfolio& portfolio = portfolios.of(underlying);
  groups = portfolio.groups_at(ratio);
  const MarginTotals requirement = portfolio.requirement(groups, ratio);
  t.initial = requirement.initial;
  t.maintenance = requirement.maintenance;
  return t;
}

}  // namespace

std::vector<LiquidationLevels> portfolio_liquidation_levels(const PreparedAccount& prepared,
                                                            const RiskConfig& config,
                                                            LiquidationSearchPoints* record) {
  UnderlyingPortfolios portfolios(prepared, config);
  std::map<std::string, ScenarioPoints> parts;
  const auto part_at = [&](const std::string& u, double x) {
    GroupsAt groups;
    const ScenarioTotals t = portfolio_part(prepared, config, portfolios, u, std::exp(x), groups);
    if (record) {  // kept beside the search's points, for a later search on an account after orders
      ScenarioPoints& points = parts[u];
      points.portfolio_x.push_back(x);
      points.portfolio_groups.push_back(std::move(groups));
    }
    return t;
  };
  for (const auto& u : search::underlyings_of(prepared)) {
    std::vector<ScenarioTotals> scan;
    for (double x : search::scan_levels()) scan.push_back(part_at(u, x));
    parts[u].x = search::scan_levels();
    parts[u].part = std::move(scan);
  }
  auto levels = search::search_underlyings(prepared, config, parts, part_at);
  if (record) record->parts = std::move(parts);
  return levels;
}

std::vector<LiquidationLevels> portfolio_liquidation_levels_after(const PreparedAccount& after,
                                                                  const RiskConfig& config,
                                                                  const LiquidationSearchPoints& before_points,
                                                                  const PreparedAccount& removed,
                                                                  const PreparedAccount& added) {
  // A model that does not add up keeps no sums at the points before: the account after is searched
  // afresh.
  if (!adds_up(config.portfolio)) return portfolio_liquidation_levels(after, config, nullptr);
  UnderlyingPortfolios portfolios(after, config), removed_portfolios(removed, config), added_portfolios(added, config);
  const auto part_at = [&](const std::string& u, double x) {
    GroupsAt groups;
    return portfolio_part(after, config, portfolios, u, std::exp(x), groups);
  };
  std::map<std::string, ScenarioPoints> parts;
  for (const auto& u : search::underlyings_of(after)) {
    const auto before = before_points.parts.find(u);
    ScenarioPoints& points = parts[u];
    if (before == before_points.parts.end() || before->second.portfolio_x.size() != before->second.x.size()) {
      points.x = search::scan_levels();
      for (double x : points.x) points.part.push_back(part_at(u, x));
      continue;
    }
    // before's part at each of its points, with the changed positions' P&L vectors (and
    // collateral) taken out and put in.
    points.x = before->second.x;
    points.part = before->second.part;
    UnderlyingPortfolio& portfolio = portfolios.of(u);
    UnderlyingPortfolio& removed_part = removed_portfolios.of(u);
    UnderlyingPortfolio& added_part = added_portfolios.of(u);
    const std::vector<double>& valued = before->second.portfolio_x;
    for (std::size_t k = 0; k < points.x.size(); ++k) {
      const double ratio = std::exp(points.x[k]);
      ScenarioTotals& t = points.part[k];
      t.equity = t.equity - underlying_totals(removed, config, u, ratio).equity +
                 underlying_totals(added, config, u, ratio).equity;
      const auto at = static_cast<std::size_t>(std::find(valued.begin(), valued.end(), points.x[k]) - valued.begin());
      const GroupsAt groups =
          combine(before->second.portfolio_groups[at], removed_part.groups_at(ratio), added_part.groups_at(ratio));
      const MarginTotals requirement = portfolio.requirement(groups, ratio);
      t.initial = requirement.initial;
      t.maintenance = requirement.maintenance;
    }
  }
  return search::search_underlyings(after, config, parts, part_at);
}

}  // namespace marginkit
