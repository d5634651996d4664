#include "portfolio/underlying_portfolio.hpp"

#include <algorithm>

namespace marginkit {

GroupAt& group_in(GroupsAt& groups, const std::string& currency) {
  for (GroupAt& group : groups) {
    if (group.currency == currency) return group;
  }
  GroupAt& group = groups.emplace_back();
  group.currency = currency;
  return group;
}

UnderlyingPortfolio::UnderlyingPortfolio(const PreparedAccount& prepared, const ScenarioGridModel& model,
                                         const std::string& underlying)
    : UnderlyingPortfolio(prepared, model, underlying, scenario_moves(model, underlying, 1.0)) {}

UnderlyingPortfolio::UnderlyingPortfolio(const PreparedAccount& prepared, const ScenarioGridModel& model,
                                         const std::string& underlying, ScenarioMoves moves)
    : underlying_(underlying), model_(&model), moves_(std::move(moves)) {
  // The index from the market, not only from a position: an account with no position on this
  // underlying (the max-size search's part, PortfolioRest) still needs it for the short option
  // minimum of the groups added to its own.
  if (prepared.market) {
    const auto market = prepared.market->underlyings.find(underlying);
    if (market != prepared.market->underlyings.end()) index_usd_ = market->second.index_price;
  }
  const auto members = prepared.positions_by_underlying.find(underlying);
  if (members == prepared.positions_by_underlying.end()) return;
  for (std::size_t i : members->second) {
    const PreparedPosition& p = prepared.positions[i];
    GroupAt& group = group_in(groups_, p.position->instrument.settlement_asset);
    if (group.sums.members++ == 0) group.coin_index = coin_index_of(p);
    group_.push_back(static_cast<std::size_t>(&group - groups_.data()));
    positions_.push_back(&p);
    index_usd_ = p.market->index_price;
    terms_.push_back(shock_terms(p, model));
  }
  for (GroupAt& group : groups_) group.sums.members = 0;
}

GroupsAt UnderlyingPortfolio::groups_at(double ratio) {
  move_base(moves_, ratio);
  GroupsAt out = groups_;
  for (GroupAt& group : out) group.sums.pnl.assign(moves_.scenarios.size(), 0.0);
  // Position by position: each group's sums in its positions' order, as portfolio_margin adds them.
  for (std::size_t i = 0; i < positions_.size(); ++i) {
    position_pnl(*positions_[i], terms_[i], moves_, out[group_[i]].coin_index, model_->min_annualised_move, scratch_);
    out[group_[i]].sums.add(scratch_);
  }
  return out;
}

MarginTotals UnderlyingPortfolio::requirement(const GroupsAt& groups, double ratio) const {
  MarginTotals out;
  add_requirement(groups, ratio, out);
  return out;
}

void UnderlyingPortfolio::add_requirement(const GroupsAt& groups, double ratio, MarginTotals& into) const {
  // No vector here: the liquidation search asks this at every trial price.
  for_each_group_requirement(groups, ratio, [&](const GroupRequirement& r) {
    into.initial += r.initial_usd;
    into.maintenance += r.maintenance_usd;
  });
}

std::vector<MarginTotals> UnderlyingPortfolio::group_requirements(const GroupsAt& groups, double ratio) const {
  std::vector<MarginTotals> out;
  for_each_group_requirement(groups, ratio, [&](const GroupRequirement& r) {
    MarginTotals& added = out.emplace_back();
    added.initial = r.initial_usd;
    added.maintenance = r.maintenance_usd;
  });
  return out;
}

void UnderlyingPortfolio::for_each_group_requirement(const GroupsAt& groups, double ratio,
                                                     FunctionRef<void(const GroupRequirement&)> visit) const {
  // In currency order: the next currency above the last visited.
  for (const GroupAt* last = nullptr;;) {
    const GroupAt* next = nullptr;
    for (const GroupAt& group : groups) {
      if ((!last || group.currency > last->currency) && (!next || group.currency < next->currency)) next = &group;
    }
    if (!next) return;
    const double unit_usd = currency_usd(next->coin_index, ratio);
    visit(group_requirement(*model_, moves_.scenarios, next->sums, unit_usd, index_usd_ * ratio / unit_usd));
    last = next;
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
      into.sums.short_coins += sign * group.sums.short_coins;
      const std::size_t members = into.sums.members, changed = group.sums.members;
      into.sums.members = sign > 0.0 ? members + changed : members > changed ? members - changed : 0;
    }
  }
  out.erase(std::remove_if(out.begin(), out.end(), [](const GroupAt& g) { return g.sums.members == 0; }), out.end());
  return out;
}

}  // namespace marginkit
