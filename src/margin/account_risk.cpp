#include "margin/account_risk.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "common/checks.hpp"
#include "common/minsize.hpp"
#include "portfolio/portfolio_margin.hpp"
#include "margin/currency_risk.hpp"

namespace marginkit {

namespace {

// Isolated mode: what a unit of `asset` counts for as collateral (its price in the snapshot, as
// its balance is valued), for the margins assigned from that balance; `index` when it has none.
double collateral_unit_usd(const PreparedAccount& prepared, const std::string& asset, double index) {
  for (const auto& c : prepared.collateral) {
    if (c.balance->asset == asset) return c.price;
  }
  double price = index;
  if (!collateral_price(*prepared.market, asset, "", price).ok()) price = index;
  return price;
}

// One position's part of the totals at one index level (both forms of underlying_totals).
void add_to_totals(const PreparedPosition& position, const PositionValue& v, ScenarioTotals& totals) {
  totals += v.totals();
  totals.otm_credit += v.otm_credit_usd;
  if (position.is_option() && v.value_usd < 0.0) totals.short_options -= v.value_usd;
}

// Portfolio mode: IM and MM are the model's, not the rows' sum, and so are each currency's.
MARGINKIT_MINSIZE void use_portfolio_margin(const PreparedAccount& prepared, const RiskConfig& config,
                                            const PnlAddresses* pnl_rows, AccountRisk& risk) {
  auto pm = std::make_shared<const PortfolioMargin>(pnl_rows ? portfolio_margin_from(prepared, config.portfolio, *pnl_rows)
                                                             : portfolio_margin(prepared, config.portfolio));
  risk.initial_margin_usd = pm->initial_usd;
  risk.maintenance_margin_usd = pm->maintenance_usd;
  for (auto& c : risk.currencies) {
    c.initial_margin = 0.0;
    c.maintenance_margin = 0.0;
    for (const auto& g : pm->groups) {
      if (g.currency != c.currency) continue;
      c.initial_margin += g.initial;
      c.maintenance_margin += g.maintenance;
    }
    c.available_margin = c.equity - c.initial_margin;
  }
  risk.portfolio = std::move(pm);
}

}  // namespace

MarginStatus classify(double equity, double initial_margin, double maintenance_margin,
                      double warning_ratio) {
  // Liquidation needs something at risk: equity = MM = 0 is not a liquidation.
  if (equity < maintenance_margin || (equity == maintenance_margin && maintenance_margin > 0.0)) {
    return MarginStatus::liquidation;
  }
  if (equity < initial_margin) return MarginStatus::margin_call;
  if (maintenance_margin > 0.0 && maintenance_margin >= warning_ratio * equity) {
    return MarginStatus::warning;
  }
  return MarginStatus::healthy;
}

Status prepare_account(const Account& account, const MarketSnapshot& market, PreparedAccount& out) {
  return prepare_account_like(account, market, nullptr, out);
}

MARGINKIT_MINSIZE Status prepare_account_like(const Account& account, const MarketSnapshot& market, const PreparedAccount* like,
                                              PreparedAccount& out) {
  PreparedAccount prepared;
  prepared.account = &account;
  prepared.market = &market;
  prepared.collateral.reserve(account.collateral.size());
  prepared.positions.reserve(account.positions.size());  // exactly: a prepared account keeps it
  for (const CollateralBalance& balance : account.collateral) {
    PreparedCollateral collateral;
    const auto same = like ? std::find_if(like->collateral.begin(), like->collateral.end(),
                                          [&](const PreparedCollateral& c) { return c.balance->asset == balance.asset; })
                           : std::vector<PreparedCollateral>::const_iterator{};
    if (like && same != like->collateral.end()) {
      collateral = *same;
    } else if (auto s = prepare_collateral(balance, market, collateral); !s.ok()) {
      return s;
    }
    collateral.balance = &balance;
    prepared.collateral.push_back(collateral);
  }
  for (std::size_t i = 0; i < account.positions.size(); ++i) {
    const Position& position = account.positions[i];
    const std::string field = "account.positions[" + std::to_string(i) + "]";
    if (account.mode == MarginMode::isolated && !std::isfinite(position.isolated_margin)) {
      return Status::error(ErrorCode::MISSING_ISOLATED_MARGIN, field + ".isolatedMargin",
                           "isolated mode: " + position.instrument.name +
                               " needs isolatedMargin (in its settlement currency)");
    }
    const auto same = like ? std::find_if(like->positions.begin(), like->positions.end(),
                                          [&](const PreparedPosition& p) {
                                            return p.position->instrument.name == position.instrument.name;
                                          })
                           : std::vector<PreparedPosition>::const_iterator{};
    PreparedPosition p;
    if (like && same != like->positions.end()) {
      p = *same;  // what it holds depends on the instrument and the market, not on size or entry
      p.set_position(position);
    } else if (auto s = prepare_position(position, market, field, p); !s.ok()) {
      return s;
    }
    prepared.positions_by_underlying[position.instrument.underlying].push_back(prepared.positions.size());
    prepared.positions.push_back(p);
  }
  out = std::move(prepared);
  return Status::success();
}

PositionRisk position_risk(const PreparedPosition& p, const RiskConfig& config, MarginMode mode) {
  PositionRisk position;
  position.instrument = p.position->instrument.name;
  position.size = p.position->size;
  position.value = value_position(p, config.schedule, 1.0, true);
  const PositionValue& v = position.value;
  if (mode == MarginMode::isolated) {
    position.isolated_equity_usd = isolated_margin_usd(*p.position, v.index) + v.unrealized_pnl_usd;
    // A long option or a spot holding is paid for in full: under water it has lost part of what
    // was paid, and there is nothing to liquidate.
    position.status = is_paid_in_full(p) ? MarginStatus::healthy
                                         : classify(position.isolated_equity_usd, v.initial_margin_usd,
                                                    v.maintenance_margin_usd, config.warning_ratio);
  }
  return position;
}

AccountRisk account_risk(const PreparedAccount& prepared, const RiskConfig& config) {
  std::vector<PositionRisk> rows;
  rows.reserve(prepared.positions.size());
  for (const auto& p : prepared.positions) rows.push_back(position_risk(p, config, prepared.account->mode));
  return account_risk_from_rows(prepared, std::move(rows), config);
}

RowAddresses addresses_of(const std::vector<PositionRisk>& rows) {
  RowAddresses addresses;
  addresses.reserve(rows.size());
  for (const auto& row : rows) addresses.push_back(&row);
  return addresses;
}

MARGINKIT_MINSIZE AccountRisk account_risk_from_rows(const PreparedAccount& prepared, std::vector<PositionRisk> rows,
                                                     const RiskConfig& config) {
  AccountRisk risk = account_totals_from_rows(prepared, addresses_of(rows), config);
  risk.positions = std::move(rows);
  if (prepared.account->mode != MarginMode::isolated) {
    for (auto& position : risk.positions) position.status = risk.status;
  }
  return risk;
}

MARGINKIT_MINSIZE AccountRisk account_totals_from_rows(const PreparedAccount& prepared, const RowAddresses& rows,
                                                       const RiskConfig& config, const PnlAddresses* pnl_rows) {
  AccountRisk risk;
  risk.currencies = currency_risk(prepared, rows);
  std::map<std::string, UnderlyingGreeks> greeks;
  for (const auto& collateral : prepared.collateral) {
    risk.collateral_usd += collateral_value_usd(collateral);
    if (!collateral.underlying.empty()) {
      auto& g = greeks[collateral.underlying];
      g.delta_coins += collateral_delta_coins(collateral);
    }
  }
  MarginTotals positions;  // the rows' part, collateral added last
  double gross_notional = 0.0;
  const bool isolated = prepared.account->mode == MarginMode::isolated;
  MarginStatus worst = MarginStatus::healthy;
  double assigned_usd = 0.0;  // isolated mode: margins assigned to positions
  UnderlyingGreeks* g = nullptr;  // rows of one underlying come in runs: look each run up once
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Instrument& instrument = prepared.positions[i].position->instrument;
    const PositionValue& v = rows[i]->value;
    if (instrument.is_option()) risk.options_value_usd += v.value_usd;
    else if (instrument.kind != InstrumentKind::spot) risk.unrealized_pnl_usd += v.value_usd;
    positions += v.totals();
    gross_notional += v.notional_usd;
    if (g == nullptr || g->underlying != instrument.underlying) {
      g = &greeks[instrument.underlying];
      g->underlying = instrument.underlying;
    }
    g->delta_coins += v.delta_coins;
    g->gamma_per_usd += v.gamma_per_usd;
    g->vega_usd += v.vega_usd;
    g->theta_usd_per_day += v.theta_usd_per_day;
    if (isolated) {
      worst = std::max(worst, rows[i]->status);
      // At the price its balance counts for: all of a balance assigned leaves 0 available, with a
      // haircut (collateralPrices below the index) too.
      const Position& position = *prepared.positions[i].position;
      assigned_usd += position.isolated_margin * collateral_unit_usd(prepared, instrument.settlement_asset, v.index);
    }
  }
  risk.equity_usd = positions.equity + risk.collateral_usd;
  risk.initial_margin_usd = positions.initial;
  risk.maintenance_margin_usd = positions.maintenance;
  if (prepared.account->mode == MarginMode::portfolio) use_portfolio_margin(prepared, config, pnl_rows, risk);
  // Isolated: what no position holds yet (a position's losses stay within its own margin).
  risk.available_margin_usd =
      isolated ? risk.collateral_usd - assigned_usd : risk.equity_usd - risk.initial_margin_usd;
  const double inf = std::numeric_limits<double>::infinity();
  auto ratio = [&](double margin) {
    return risk.equity_usd > 0.0 ? margin / risk.equity_usd : (margin > 0.0 ? inf : 0.0);
  };
  risk.margin_ratio = ratio(risk.maintenance_margin_usd);
  risk.initial_margin_ratio = ratio(risk.initial_margin_usd);
  risk.leverage = ratio(gross_notional);
  const MarginStatus account_status = classify(risk.equity_usd, risk.initial_margin_usd,
                                               risk.maintenance_margin_usd, config.warning_ratio);
  risk.status = isolated ? worst : account_status;
  for (auto& [underlying, u] : greeks) {
    u.underlying = underlying;
    const auto market = prepared.market->underlyings.find(underlying);
    u.index = market != prepared.market->underlyings.end() ? market->second.index_price : 0.0;
    u.delta_usd = u.delta_coins * u.index;
    u.gamma_usd_per_1pct = u.gamma_per_usd * u.index * u.index / 100.0;
    risk.greeks.push_back(u);
  }
  return risk;
}

std::vector<ScenarioTotals> underlying_totals(const PreparedAccount& prepared, const RiskConfig& config,
                                              const std::string& underlying, const std::vector<double>& log_ratios) {
  const std::size_t levels = log_ratios.size();
  std::vector<double> ratios(levels), logs(levels);
  for (std::size_t k = 0; k < levels; ++k) {
    ratios[k] = std::exp(log_ratios[k]);
    logs[k] = std::log(ratios[k]);  // as underlying_totals(..., ratios[k]) takes it: bit for bit the same sums
  }
  std::vector<ScenarioTotals> totals(levels);
  for (const auto& collateral : prepared.collateral) {
    if (collateral.underlying != underlying) continue;
    for (std::size_t k = 0; k < levels; ++k) totals[k].equity += collateral_value_usd(collateral, ratios[k]);
  }
  const auto group = prepared.positions_by_underlying.find(underlying);
  if (group == prepared.positions_by_underlying.end()) return totals;
  // Position by position, each at every level while it is in cache (a sweep of the book per
  // level leaves the cache for large books), adding in the same order as one level at a time.
  for (std::size_t i : group->second) {
    const PreparedPosition& position = prepared.positions[i];
    for (std::size_t k = 0; k < levels; ++k) {
      add_to_totals(position, value_position(position, config.schedule, ratios[k], logs[k], false), totals[k]);
    }
  }
  return totals;
}

ScenarioTotals underlying_totals(const PreparedAccount& prepared, const RiskConfig& config,
                                 const std::string& underlying, double index_ratio) {
  ScenarioTotals totals;
  for (const auto& collateral : prepared.collateral) {
    if (collateral.underlying == underlying) {
      totals.equity += collateral_value_usd(collateral, index_ratio);
    }
  }
  const auto group = prepared.positions_by_underlying.find(underlying);
  if (group == prepared.positions_by_underlying.end()) return totals;
  const double log_index_ratio = std::log(index_ratio);
  for (std::size_t i : group->second) {
    const PreparedPosition& position = prepared.positions[i];
    add_to_totals(position, value_position(position, config.schedule, index_ratio, log_index_ratio, false), totals);
  }
  return totals;
}

}  // namespace marginkit
