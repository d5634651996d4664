#include "portfolio/portfolio_margin.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "portfolio/derive_pm2_account.hpp"
#include "portfolio/requirement.hpp"

namespace marginkit {

namespace {

// A coin-settled group counts in coins, held at the (moved) index; a stablecoin group in units.
double currency_usd_at(const PreparedPosition& position, double ratio) {
  return position.is_inverse() ? position.market->index_price * ratio : 1.0;
}

// Coins of a future or perpetual at its mark moved by `ratio` (inverse ones are sized in USD).
double futures_coins(const PreparedPosition& p, double ratio) {
  if (p.is_option() || p.kind == InstrumentKind::spot) return 0.0;
  return p.is_inverse() ? std::fabs(p.size) / (p.base_mark * ratio) : std::fabs(p.size);
}

// `detail`: keep the P&L matrix and each scenario's P&L (the account's output), else only the
// requirement (the liquidation search's trial prices).
void evaluate_group(const PreparedAccount& prepared, const ScenarioGridModel& model, double base_ratio, bool detail,
                    PortfolioGroup& group) {
  const std::size_t count = group.positions.size();
  group.scenarios = scenarios_of(model, group.underlying);
  if (detail) {
    group.pnl.assign(group.scenarios.size() * count, 0.0);
    group.scenario_pnl.assign(group.scenarios.size(), 0.0);
  }
  UnderlyingMove base;
  base.spot_ratio = base_ratio;
  const PreparedPosition& first = prepared.positions[group.positions.front()];
  group.currency_usd = currency_usd_at(first, base_ratio);
  std::vector<double> base_value(count);
  double short_coins = 0.0;
  for (std::size_t i = 0; i < count; ++i) {
    const PreparedPosition& p = prepared.positions[group.positions[i]];
    base_value[i] = moved_value_usd(p, base) / group.currency_usd;
    group.roll_shock += model.min_annualised_move * futures_coins(p, base_ratio);
    short_coins += short_option_coins(p.is_option(), p.size);
  }
  double worst = 0.0;
  for (std::size_t s = 0; s < group.scenarios.size(); ++s) {
    const Scenario& scenario = group.scenarios[s];
    const UnderlyingMove move = move_of(model, scenario, base_ratio);
    const double unit_usd = currency_usd_at(first, move.spot_ratio);
    double total = 0.0;
    for (std::size_t i = 0; i < count; ++i) {
      const PreparedPosition& p = prepared.positions[group.positions[i]];
      // Deribit's extended table is for options (far out-of-the-money shorts); futures are linear
      // and the grid bounds them.
      if (scenario.options_only && !p.is_option()) continue;
      const double pnl = moved_value_usd(p, move) / unit_usd - base_value[i];
      if (detail) group.pnl[s * count + i] = pnl;
      total += pnl;
    }
    total *= scenario.weight;
    if (total > 0.0) total *= model.pnl_offset;
    if (detail) group.scenario_pnl[s] = total;
    if (total < worst) {
      worst = total;
      group.binding = s;
    }
  }
  group.worst_case = -worst;
  const double index_usd = first.market->index_price * base_ratio;
  settle_requirement(model, short_coins, index_usd / group.currency_usd, group);
}

}  // namespace

PortfolioMargin portfolio_margin(const PreparedAccount& prepared, const PortfolioModel& model,
                                 const std::string& moved_underlying, double base_ratio, bool only_moved) {
  std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> members;
  for (std::size_t i = 0; i < prepared.positions.size(); ++i) {
    const Instrument& instrument = prepared.positions[i].position->instrument;
    if (only_moved && instrument.underlying != moved_underlying) continue;
    members[{instrument.underlying, instrument.settlement_asset}].push_back(i);
  }
  PortfolioMargin out;
  for (auto& [key, positions] : members) {
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
      evaluate_group(prepared, model.grid, ratio, !only_moved, group);
    }
    out.initial_usd += group.initial_usd;
    out.maintenance_usd += group.maintenance_usd;
    out.groups.push_back(std::move(group));
  }
  return out;
}

}  // namespace marginkit
