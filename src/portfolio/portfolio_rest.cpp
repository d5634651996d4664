#include "portfolio/portfolio_rest.hpp"

#include "portfolio/portfolio_margin.hpp"

namespace marginkit {

PortfolioRest::PortfolioRest(const PreparedAccount& whole, const std::vector<PositionPnl>& rows,
                             const std::set<std::string>& touched, const PortfolioModel& model)
    : model_(model) {
  if (!adds_up(model)) {
    for (const PreparedPosition& p : whole.positions) {
      if (!touched.count(p.position->instrument.name)) untouched_.push_back(p);
    }
    return;
  }
  for (const auto& [underlying, members] : whole.positions_by_underlying) {
    Underlying& rest = underlyings_.emplace_back();
    rest.name = underlying;
    for (std::size_t i : members) {  // in the positions' order, as portfolio_margin adds them
      const PreparedPosition& p = whole.positions[i];
      if (touched.count(p.position->instrument.name)) continue;
      GroupAt& group = group_in(rest.groups, p.position->instrument.settlement_asset);
      if (group.sums.members == 0) group.coin_index = coin_index_of(p);
      group.sums.add(rows[i]);
    }
    rest.moves = scenario_moves(model.grid, underlying, 1.0);
    PreparedAccount no_positions;
    no_positions.market = whole.market;
    const UnderlyingPortfolio alone(no_positions, model.grid, underlying, rest.moves);
    rest.alone = alone.group_requirements(rest.groups, 1.0);  // (every group of the rest has members)
  }
}

MarginTotals PortfolioRest::requirement_with(const PreparedAccount& part) const {
  MarginTotals out;
  if (!adds_up(model_)) {  // the whole book valued again: the rest's positions and the part's
    PreparedAccount whole;
    whole.account = part.account;
    whole.market = part.market;
    whole.positions = untouched_;
    whole.positions.insert(whole.positions.end(), part.positions.begin(), part.positions.end());
    for (std::size_t i = 0; i < whole.positions.size(); ++i) {
      whole.positions_by_underlying[whole.positions[i].position->instrument.underlying].push_back(i);
    }
    const PortfolioMargin pm = portfolio_margin(whole, model_);
    out.initial = pm.initial_usd;
    out.maintenance = pm.maintenance_usd;
    return out;
  }
  auto added = part.positions_by_underlying.begin();
  const auto add = [&](const std::string& underlying, const GroupsAt& rest, const ScenarioMoves* moves) {
    UnderlyingPortfolio own(part, model_.grid, underlying, moves ? *moves : scenario_moves(model_.grid, underlying, 1.0));
    const GroupsAt groups = combine(rest, {}, own.groups_at(1.0));
    own.add_requirement(groups, 1.0, out);
  };
  // Underlyings in name order, the rest's and the part's merged.
  for (const Underlying& rest : underlyings_) {
    for (; added != part.positions_by_underlying.end() && added->first < rest.name; ++added) add(added->first, {}, nullptr);
    if (added != part.positions_by_underlying.end() && added->first == rest.name) {
      add(rest.name, rest.groups, &rest.moves);
      ++added;
      continue;
    }
    for (const MarginTotals& r : rest.alone) {  // an underlying the part leaves alone
      out.initial += r.initial;
      out.maintenance += r.maintenance;
    }
  }
  for (; added != part.positions_by_underlying.end(); ++added) add(added->first, {}, nullptr);
  return out;
}

}  // namespace marginkit
