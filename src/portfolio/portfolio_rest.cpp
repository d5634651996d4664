#include "portfolio/portfolio_rest.hpp"

namespace marginkit {

PortfolioRest::PortfolioRest(const PreparedAccount& whole, const std::vector<PositionPnl>& rows,
                             const std::set<std::string>& touched, const ScenarioGridModel& model)
    : model_(model) {
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
  }
}

MarginTotals PortfolioRest::requirement_with(const PreparedAccount& part) const {
  MarginTotals out;
  auto added = part.positions_by_underlying.begin();
  const auto add = [&](const std::string& underlying, const GroupsAt& rest) {
    UnderlyingPortfolio own(part, model_, underlying);
    const GroupsAt groups = combine(rest, {}, own.groups_at(1.0));
    own.add_requirement(groups, 1.0, out);
  };
  // Underlyings in name order, the rest's and the part's merged.
  for (const Underlying& rest : underlyings_) {
    for (; added != part.positions_by_underlying.end() && added->first < rest.name; ++added) add(added->first, {});
    if (added != part.positions_by_underlying.end() && added->first == rest.name) ++added;
    add(rest.name, rest.groups);
  }
  for (; added != part.positions_by_underlying.end(); ++added) add(added->first, {});
  return out;
}

}  // namespace marginkit
