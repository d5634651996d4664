#include "portfolio/underlying_portfolio.hpp"

namespace marginkit {

UnderlyingPortfolio::UnderlyingPortfolio(const PreparedAccount& prepared, const ScenarioGridModel& model,
                                         const std::string& underlying)
    : model_(model), moves_(scenario_moves(model, underlying, 1.0)) {
  std::map<std::string, Group> by_currency;
  const auto members = prepared.positions_by_underlying.find(underlying);
  if (members != prepared.positions_by_underlying.end()) {
    for (std::size_t i : members->second) {
      const PreparedPosition& p = prepared.positions[i];
      Group& group = by_currency[p.position->instrument.settlement_asset];
      if (group.positions.empty()) group.coin_index = coin_index_of(p);
      group.positions.push_back(&p);
      group.terms.push_back(shock_terms(p, model));
    }
  }
  for (auto& [currency, group] : by_currency) {
    group.currency = currency;
    groups_.push_back(std::move(group));
  }
}

GroupsAt UnderlyingPortfolio::groups_at(double ratio) {
  move_base(moves_, ratio);
  GroupsAt out;
  for (const Group& group : groups_) {
    GroupAt& at = out[group.currency];
    at.coin_index = group.coin_index;
    at.sums.pnl.assign(moves_.scenarios.size(), 0.0);
    for (std::size_t i = 0; i < group.positions.size(); ++i) {
      position_pnl(*group.positions[i], group.terms[i], moves_, group.coin_index, model_.min_annualised_move,
                   scratch_);
      at.sums.add(scratch_);
    }
  }
  return out;
}

MarginTotals UnderlyingPortfolio::requirement(const GroupsAt& groups, double ratio) const {
  MarginTotals out;
  for (const auto& entry : groups) {
    const GroupAt& group = entry.second;
    const GroupRequirement r =
        group_requirement(model_, moves_.scenarios, group.sums, currency_usd(group.coin_index, ratio));
    out.initial += r.initial_usd;
    out.maintenance += r.maintenance_usd;
  }
  return out;
}

GroupsAt combine(const GroupsAt& before, const GroupsAt& removed, const GroupsAt& added) {
  GroupsAt out = before;
  const auto apply = [&](const GroupsAt& part, double sign) {
    for (const auto& [currency, group] : part) {
      GroupAt& into = out[currency];
      if (into.sums.members == 0 && into.sums.pnl.empty()) into.coin_index = group.coin_index;
      if (into.sums.pnl.size() < group.sums.pnl.size()) into.sums.pnl.resize(group.sums.pnl.size(), 0.0);
      for (std::size_t s = 0; s < group.sums.pnl.size(); ++s) into.sums.pnl[s] += sign * group.sums.pnl[s];
      into.sums.roll_shock += sign * group.sums.roll_shock;
      into.sums.members = sign > 0.0 ? into.sums.members + group.sums.members : into.sums.members - group.sums.members;
    }
  };
  apply(removed, -1.0);
  apply(added, 1.0);
  for (auto it = out.begin(); it != out.end();) {
    it = it->second.sums.members == 0 ? out.erase(it) : std::next(it);
  }
  return out;
}

}  // namespace marginkit
