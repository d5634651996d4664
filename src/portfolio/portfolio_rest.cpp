#include "portfolio/portfolio_rest.hpp"

namespace marginkit {

PortfolioRest::PortfolioRest(const PreparedAccount& whole, const std::vector<PositionPnl>& rows,
                             const std::set<std::string>& touched, const ScenarioGridModel& model)
    : model_(model) {
  for (std::size_t i = 0; i < whole.positions.size(); ++i) {
    if (touched.count(whole.positions[i].position->instrument.name)) continue;
    group_of(groups_, whole.positions[i]).sums.add(rows[i]);
  }
}

PortfolioRest::Group& PortfolioRest::group_of(std::vector<Group>& groups, const PreparedPosition& p) const {
  const std::string& underlying = p.position->instrument.underlying;
  const std::string& currency = p.position->instrument.settlement_asset;
  auto it = groups.begin();
  while (it != groups.end() && (*it->underlying < underlying || (*it->underlying == underlying && *it->currency < currency))) {
    ++it;
  }
  if (it != groups.end() && *it->underlying == underlying && *it->currency == currency) return *it;
  Group group;
  group.underlying = &underlying;
  group.currency = &currency;
  group.coin_index = coin_index_of(p);
  for (const auto& moves : moves_) {
    if (moves->underlying == underlying) group.moves = moves.get();
  }
  if (!group.moves) {
    moves_.push_back(std::make_unique<ScenarioMoves>(scenario_moves(model_, underlying, 1.0)));
    group.moves = moves_.back().get();
  }
  group.sums.pnl.assign(group.moves->scenarios.size(), 0.0);
  return *groups.insert(it, std::move(group));
}

MarginTotals PortfolioRest::requirement_with(const PreparedAccount& part) const {
  std::vector<Group> groups = groups_;
  PositionPnl row;
  for (const PreparedPosition& p : part.positions) {
    Group& group = group_of(groups, p);
    position_pnl(p, shock_terms(p, model_), *group.moves, group.coin_index, model_.min_annualised_move, row);
    group.sums.add(row);
  }
  // Summed as portfolio_margin sums its groups: by underlying, then currency.
  MarginTotals out;
  for (const Group& group : groups) {
    const GroupRequirement r =
        group_requirement(model_, group.moves->scenarios, group.sums, currency_usd(group.coin_index, 1.0));
    out.initial += r.initial_usd;
    out.maintenance += r.maintenance_usd;
  }
  return out;
}

}  // namespace marginkit
