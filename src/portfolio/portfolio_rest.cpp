#include "portfolio/portfolio_rest.hpp"

namespace marginkit {

PortfolioRest::PortfolioRest(const PreparedAccount& whole, const std::vector<PositionPnl>& rows,
                             const std::set<std::string>& touched, const ScenarioGridModel& model)
    : model_(model) {
  for (std::size_t i = 0; i < whole.positions.size(); ++i) {
    const Instrument& instrument = whole.positions[i].position->instrument;
    if (touched.count(instrument.name)) continue;
    Group& group = groups_[{instrument.underlying, instrument.settlement_asset}];
    if (group.sums.members == 0) {
      group.coin_index = coin_index_of(whole.positions[i]);
      if (!moves_.count(instrument.underlying)) {
        moves_.emplace(instrument.underlying, scenario_moves(model, instrument.underlying, 1.0));
      }
      group.sums.pnl.assign(moves_.at(instrument.underlying).scenarios.size(), 0.0);
    }
    group.sums.add(rows[i]);
  }
}

const ScenarioMoves& PortfolioRest::moves_of(const std::string& underlying) const {
  if (const auto found = moves_.find(underlying); found != moves_.end()) return found->second;
  auto& moves = other_moves_[underlying];
  if (moves.scenarios.empty()) moves = scenario_moves(model_, underlying, 1.0);
  return moves;
}

MarginTotals PortfolioRest::requirement_with(const PreparedAccount& part) const {
  std::map<Key, Group> groups = groups_;
  PositionPnl row;
  for (const PreparedPosition& p : part.positions) {
    const Instrument& instrument = p.position->instrument;
    const ScenarioMoves& moves = moves_of(instrument.underlying);
    Group& group = groups[{instrument.underlying, instrument.settlement_asset}];
    if (group.sums.members == 0) {
      group.coin_index = coin_index_of(p);
      group.sums.pnl.assign(moves.scenarios.size(), 0.0);
    }
    position_pnl(p, shock_terms(p, model_), moves, group.coin_index, model_.min_annualised_move, row);
    group.sums.add(row);
  }
  // Summed as portfolio_margin sums its groups: by underlying, then currency.
  MarginTotals out;
  for (const auto& [key, group] : groups) {
    const GroupRequirement r =
        group_requirement(model_, moves_of(key.first).scenarios, group.sums, currency_usd(group.coin_index, 1.0));
    out.initial += r.initial_usd;
    out.maintenance += r.maintenance_usd;
  }
  return out;
}

}  // namespace marginkit
