#include "portfolio/portfolio_margin.hpp"

#include <map>
#include <utility>

#include "portfolio/derive_pm2_account.hpp"

namespace marginkit {

namespace {

using GroupMembers = std::map<std::pair<std::string, std::string>, std::vector<std::size_t>>;

// Position indices by group (underlying, settlement currency), groups in that order.
GroupMembers group_members(const PreparedAccount& prepared, const std::string& only_underlying) {
  GroupMembers members;
  for (std::size_t i = 0; i < prepared.positions.size(); ++i) {
    const Instrument& instrument = prepared.positions[i].position->instrument;
    if (!only_underlying.empty() && instrument.underlying != only_underlying) continue;
    members[{instrument.underlying, instrument.settlement_asset}].push_back(i);
  }
  return members;
}

// `detail`: keep the P&L matrix and each scenario's P&L (the account's output), else only the
// requirement. `rows`: positions' P&L already valued at base ratio 1, by index (may be empty).
void evaluate_group(const PreparedAccount& prepared, const ScenarioGridModel& model, double base_ratio, bool detail,
                    const PnlAddresses& rows, PortfolioGroup& group) {
  const std::size_t count = group.positions.size();
  ScenarioMoves moves = scenario_moves(model, group.underlying, base_ratio);
  const std::size_t scenarios = moves.scenarios.size();
  const double coin_index = coin_index_of(prepared.positions[group.positions.front()]);
  group.currency_usd = currency_usd(coin_index, base_ratio);
  if (detail) group.pnl.assign(scenarios * count, 0.0);
  GroupSums sums;
  sums.pnl.assign(scenarios, 0.0);
  PositionPnl valued;
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t index = group.positions[i];
    const PositionPnl* row = index < rows.size() ? rows[index] : nullptr;
    if (!row || row->coin_index != coin_index || row->pnl.size() != scenarios || base_ratio != 1.0) {
      const PreparedPosition& p = prepared.positions[index];
      position_pnl(p, shock_terms(p, model), moves, coin_index, model.min_annualised_move, valued);
      row = &valued;
    }
    sums.add(*row);
    if (detail) {
      for (std::size_t s = 0; s < scenarios; ++s) group.pnl[s * count + i] = row->pnl[s];
    }
  }
  const double index_usd = prepared.positions[group.positions.front()].market->index_price * base_ratio;
  const GroupRequirement r = group_requirement(model, moves.scenarios, sums, group.currency_usd,
                                               index_usd / group.currency_usd, detail ? &group.scenario_pnl : nullptr);
  group.scenarios = std::move(moves.scenarios);
  group.binding = r.binding;
  group.worst_case = r.worst_case;
  group.roll_shock = sums.roll_shock;
  group.short_option_minimum = r.short_option_minimum;
  group.initial = r.initial;
  group.maintenance = r.maintenance;
  group.initial_usd = r.initial_usd;
  group.maintenance_usd = r.maintenance_usd;
}

PortfolioMargin margin_of(const PreparedAccount& prepared, const PortfolioModel& model,
                          const std::string& moved_underlying, double base_ratio, bool only_moved,
                          const PnlAddresses& rows) {
  PortfolioMargin out;
  for (auto& [key, positions] : group_members(prepared, only_moved ? moved_underlying : std::string())) {
    PortfolioGroup group;
    group.underlying = key.first;
    group.currency = key.second;
    group.positions = std::move(positions);
    if (!only_moved) {
      for (std::size_t i : group.positions) group.instruments.push_back(prepared.positions[i].position->instrument.name);
    }
    const double ratio = key.first == moved_underlying ? base_ratio : 1.0;
    if (model.derive_pm2) {
      evaluate_derive_pm2_group(prepared, *model.derive_pm2, ratio, !only_moved, group);
    } else {
      evaluate_group(prepared, model.grid, ratio, !only_moved, rows, group);
    }
    out.initial_usd += group.initial_usd;
    out.maintenance_usd += group.maintenance_usd;
    out.groups.push_back(std::move(group));
  }
  return out;
}

}  // namespace

PortfolioMargin portfolio_margin(const PreparedAccount& prepared, const PortfolioModel& model,
                                 const std::string& moved_underlying, double base_ratio, bool only_moved) {
  return margin_of(prepared, model, moved_underlying, base_ratio, only_moved, {});
}

PortfolioMargin portfolio_margin_from(const PreparedAccount& prepared, const PortfolioModel& model,
                                      const PnlAddresses& rows) {
  return margin_of(prepared, model, std::string(), 1.0, false, adds_up(model) ? rows : PnlAddresses{});
}

std::vector<PositionPnl> position_pnls(const PreparedAccount& prepared, const PortfolioModel& portfolio_model) {
  if (!adds_up(portfolio_model)) return {};
  const ScenarioGridModel& model = portfolio_model.grid;
  std::vector<PositionPnl> rows(prepared.positions.size());
  for (const auto& [key, positions] : group_members(prepared, std::string())) {
    const ScenarioMoves moves = scenario_moves(model, key.first, 1.0);
    const double coin_index = coin_index_of(prepared.positions[positions.front()]);
    for (std::size_t i : positions) {
      const PreparedPosition& p = prepared.positions[i];
      position_pnl(p, shock_terms(p, model), moves, coin_index, model.min_annualised_move, rows[i]);
    }
  }
  return rows;
}

}  // namespace marginkit
