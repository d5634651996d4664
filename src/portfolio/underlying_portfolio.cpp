#include "portfolio/underlying_portfolio.hpp"

#include <algorithm>

namespace marginkit {

GroupAt& group_in(GroupsAt& groups, const std::string& currency) {
  auto it = groups.begin();
  while (it != groups.end() && it->currency < currency) ++it;
  if (it == groups.end() || it->currency != currency) {
    it = groups.insert(it, GroupAt{});
    it->currency = currency;
  }
  return *it;
}

UnderlyingPortfolio::UnderlyingPortfolio(const PreparedAccount& prepared, const ScenarioGridModel& model,
                                         const std::string& underlying)
    : underlying_(underlying), model_(&model), moves_(scenario_moves(model, underlying, 1.0)) {
  const auto members = prepared.positions_by_underlying.find(underlying);
  if (members == prepared.positions_by_underlying.end()) return;
  const auto currency = [&](std::size_t i) -> const std::string& {
    return prepared.positions[i].position->instrument.settlement_asset;
  };
  // Groups in currency order (an underlying has one or two): the next currency above the last.
  for (;;) {
    const std::string* next = nullptr;
    for (std::size_t i : members->second) {
      const std::string& c = currency(i);
      if ((groups_.empty() || c > groups_.back().currency) && (!next || c < *next)) next = &c;
    }
    if (!next) break;
    Group& group = groups_.emplace_back();
    group.currency = *next;
    for (std::size_t i : members->second) {
      if (currency(i) != group.currency) continue;
      const PreparedPosition& p = prepared.positions[i];
      if (group.positions.empty()) group.coin_index = coin_index_of(p);
      group.positions.push_back(&p);
      group.terms.push_back(shock_terms(p, model));
    }
  }
}

GroupsAt UnderlyingPortfolio::groups_at(double ratio) {
  move_base(moves_, ratio);
  GroupsAt out(groups_.size());
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    const Group& group = groups_[g];
    GroupAt& at = out[g];
    at.currency = group.currency;
    at.coin_index = group.coin_index;
    at.sums.pnl.assign(moves_.scenarios.size(), 0.0);
    for (std::size_t i = 0; i < group.positions.size(); ++i) {
      position_pnl(*group.positions[i], group.terms[i], moves_, group.coin_index, model_->min_annualised_move,
                   scratch_);
      at.sums.add(scratch_);
    }
  }
  return out;
}

MarginTotals UnderlyingPortfolio::requirement(const GroupsAt& groups, double ratio) const {
  MarginTotals out;
  add_requirement(groups, ratio, out);
  return out;
}

void UnderlyingPortfolio::add_requirement(const GroupsAt& groups, double ratio, MarginTotals& into) const {
  for (const GroupAt& group : groups) {
    const GroupRequirement r =
        group_requirement(*model_, moves_.scenarios, group.sums, currency_usd(group.coin_index, ratio));
    into.initial += r.initial_usd;
    into.maintenance += r.maintenance_usd;
  }
}

GroupsAt combine(const GroupsAt& before, const GroupsAt& removed, const GroupsAt& added) {
  GroupsAt out = before;
  for (const GroupsAt* part : {&removed, &added}) {
    const double sign = part == &removed ? -1.0 : 1.0;
    for (const GroupAt& group : *part) {
      GroupAt& into = group_in(out, group.currency);
      if (into.sums.members == 0) into.coin_index = group.coin_index;
      if (into.sums.pnl.size() < group.sums.pnl.size()) into.sums.pnl.resize(group.sums.pnl.size(), 0.0);
      for (std::size_t s = 0; s < group.sums.pnl.size(); ++s) into.sums.pnl[s] += sign * group.sums.pnl[s];
      into.sums.roll_shock += sign * group.sums.roll_shock;
      const std::size_t members = into.sums.members, changed = group.sums.members;
      into.sums.members = sign > 0.0 ? members + changed : members > changed ? members - changed : 0;
    }
  }
  out.erase(std::remove_if(out.begin(), out.end(), [](const GroupAt& g) { return g.sums.members == 0; }), out.end());
  return out;
}

}  // namespace marginkit
