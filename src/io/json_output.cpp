#include "io/json_output.hpp"

#include <cmath>

#include "common/number_text.hpp"
#include "io/json_input.hpp"
#include "io/json_writer.hpp"
#include "portfolio/portfolio_margin.hpp"

namespace marginkit {

namespace {

void write_levels(JsonWriter& w, const std::vector<PriceLevel>& levels) {
  w.begin_array();
  for (const auto& level : levels) {
    w.begin_object()
        .field("price", level.price)
        .field("distancePercent", level.distance_percent)
        .field("direction", level.direction == PriceDirection::below ? "below" : "above")
        .end_object();
  }
  w.end_array();
}

void write_liquidation(JsonWriter& w, const std::vector<LiquidationLevels>& all) {
  w.begin_array();
  for (const auto& levels : all) {
    w.begin_object().field("underlying", levels.underlying);
    if (!levels.instrument.empty()) w.field("instrument", levels.instrument);
    w.field("index", levels.index);
    w.key("liquidation");
    write_levels(w, levels.liquidation);
    w.key("marginCall");
    write_levels(w, levels.margin_call);
    w.key("warning");
    write_levels(w, levels.warning);
    w.end_object();
  }
  w.end_array();
}

// A warning's code, message and the figures it has (absent ones are left out, not null).
void write_warning(JsonWriter& w, const PreviewWarning& warning) {
  auto text = [&](const char* key, std::string_view value) {
    if (!value.empty()) w.field(key, value);
  };
  auto name = [&](const char* key, const char* value) {
    if (value) w.field(key, value);
  };
  auto number = [&](const char* key, double value) {
    if (!std::isnan(value)) w.field(key, value);
  };
  w.begin_object().field("code", warning.code).field("message", warning.message);
  text("underlying", warning.underlying);
  text("instrument", warning.instrument);
  number("price", warning.price);
  number("distancePercent", warning.distance_percent);
  name("direction", warning.direction);
  number("amountUsd", warning.amount_usd);
  text("asset", warning.asset);
  number("amount", warning.amount);
  number("marginRatio", warning.margin_ratio);
  number("fromSize", warning.from_size);
  number("toSize", warning.to_size);
  name("statusBefore", warning.status_before);
  name("statusAfter", warning.status_after);
  w.end_object();
}

const char* vol_name(VolState vol) {
  switch (vol) {
    case VolState::up: return "up";
    case VolState::down: return "down";
    case VolState::skew_linear: return "skewLinear";
    case VolState::skew_abs: return "skewAbs";
    case VolState::none: break;
  }
  return "none";
}

void write_contingencies(JsonWriter& w, const char* key, const std::vector<Contingency>& list) {
  w.key(key).begin_array();
  for (const auto& c : list) w.begin_object().field("name", c.name).field("amount", c.amount).end_object();
  w.end_array();
}

// Portfolio mode: the requirement per group and its parts, its scenarios, the binding one and each
// position's part of it, the P&L matrix (scenarios x positions, for plotting).
void write_portfolio(JsonWriter& w, const AccountRisk& risk) {
  const PortfolioMargin& pm = *risk.portfolio;
  w.key("portfolio").begin_object()
      .field("initialMarginUsd", pm.initial_usd)
      .field("maintenanceMarginUsd", pm.maintenance_usd);
  w.key("groups").begin_array();
  for (const auto& g : pm.groups) {
    const std::size_t count = g.positions.size();
    w.begin_object()
        .field("underlying", g.underlying)
        .field("currency", g.currency)
        .field("currencyUsd", g.currency_usd)
        .field("worstCase", g.worst_case)
        .field("rollShock", g.roll_shock)
        .field("basisShock", g.basis_shock);
    write_contingencies(w, "contingencies", g.contingencies);
    write_contingencies(w, "maintenanceContingencies", g.maintenance_contingencies);
    w.field("shortOptionMinimum", g.short_option_minimum)
        .field("initialMargin", g.initial)
        .field("maintenanceMargin", g.maintenance)
        .field("initialMarginUsd", g.initial_usd)
        .field("maintenanceMarginUsd", g.maintenance_usd)
        .field("bindingScenario", static_cast<double>(g.binding))
        .field("bindingPart", g.binding_part)
        .field("additive", g.additive);
    // Each position's part of the binding loss: its P&L there, weighted (they add up to it).
    const double weight = g.scenarios.empty() ? 0.0 : g.scenarios[g.binding].weight;
    w.key("bindingPnl").begin_array();
    for (std::size_t i = 0; i < count && !g.pnl.empty(); ++i) {
      const double pnl = weight * g.pnl[g.binding * count + i];
      w.begin_object()
          .field("instrument", g.instruments[i])
          .field("pnl", pnl)
          .field("pnlUsd", pnl * g.currency_usd)
          .end_object();
    }
    w.end_array();
    w.key("scenarios").begin_array();
    for (std::size_t s = 0; s < g.scenarios.size(); ++s) {
      const Scenario& sc = g.scenarios[s];
      w.begin_object()
          .field("spotMove", sc.spot_move)
          .field("vol", vol_name(sc.vol))
          .field("tail", sc.tail)
          .field("weight", sc.weight)
          .field("pnl", g.scenario_pnl[s])
          .end_object();
    }
    w.end_array();
    w.key("instruments").begin_array();
    for (const auto& name : g.instruments) w.value(name);
    w.end_array();
    w.key("pnl").begin_array();
    for (std::size_t s = 0; g.additive && s < g.scenarios.size(); ++s) {
      w.begin_array();
      for (std::size_t i = 0; i < count; ++i) w.value(g.pnl[s * count + i]);
      w.end_array();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

// `levels`: the account's liquidation levels, which in isolated mode give each row its own
// liquidation price (the one nearest the index, null when it has none).
void write_risk_fields(JsonWriter& w, const AccountRisk& risk, const std::vector<LiquidationLevels>& levels) {
  w.field("status", to_string(risk.status))
      .field("collateralUsd", risk.collateral_usd)
      .field("unrealizedPnlUsd", risk.unrealized_pnl_usd)
      .field("optionsValueUsd", risk.options_value_usd)
      .field("equityUsd", risk.equity_usd)
      .field("initialMarginUsd", risk.initial_margin_usd)
      .field("maintenanceMarginUsd", risk.maintenance_margin_usd)
      .field("availableMarginUsd", risk.available_margin_usd)
      .key("marginRatio").value_or_null(risk.margin_ratio)
      .key("initialMarginRatio").value_or_null(risk.initial_margin_ratio)
      .key("leverage").value_or_null(risk.leverage);
  w.key("greeks").begin_array();
  for (const auto& g : risk.greeks) {
    w.begin_object()
        .field("underlying", g.underlying)
        .field("index", g.index)
        .field("deltaCoins", g.delta_coins)
        .field("deltaUsd", g.delta_usd)
        .field("gammaPerUsd", g.gamma_per_usd)
        .field("gammaUsdPer1Pct", g.gamma_usd_per_1pct)
        .field("vegaUsd", g.vega_usd)
        .field("thetaUsdPerDay", g.theta_usd_per_day)
        .end_object();
  }
  w.end_array();
  w.key("currencies").begin_array();
  for (const auto& c : risk.currencies) {
    w.begin_object()
        .field("currency", c.currency)
        .field("index", c.index)
        .field("balance", c.balance)
        .field("equity", c.equity)
        .field("initialMargin", c.initial_margin)
        .field("maintenanceMargin", c.maintenance_margin)
        .field("availableMargin", c.available_margin)
        .end_object();
  }
  w.end_array();
  if (risk.portfolio) write_portfolio(w, risk);
  w.key("positions").begin_array();
  // Isolated levels come one per position, in the order of the rows (which may leave some out;
  // every row has its entry, when levels were computed). Cross levels name no position.
  std::size_t own = 0;
  for (const auto& p : risk.positions) {
    const PositionValue& v = p.value;
    w.begin_object()
        .field("instrument", p.instrument)
        .field("size", p.size)
        .field("mark", v.mark)
        .field("forward", v.forward)
        .field("vol", v.vol)
        .field("yearsToExpiry", v.years_to_expiry)
        .field("valueUsd", v.value_usd)
        .field("unrealizedPnlUsd", v.unrealized_pnl_usd)
        .field("notionalUsd", v.notional_usd)
        .field("initialMarginUsd", v.initial_margin_usd)
        .field("maintenanceMarginUsd", v.maintenance_margin_usd)
        .field("deltaCoins", v.delta_coins)
        .field("gammaPerUsd", v.gamma_per_usd)
        .field("vegaUsd", v.vega_usd)
        .field("thetaUsdPerDay", v.theta_usd_per_day)
        .field("isolatedEquityUsd", p.isolated_equity_usd)
        .field("status", to_string(p.status));
    while (own < levels.size() && !levels[own].instrument.empty() && levels[own].instrument != p.instrument) ++own;
    if (own < levels.size() && levels[own].instrument == p.instrument) {
      w.key("liquidationPrice");
      if (const PriceLevel* nearest = nearest_level(levels[own].liquidation)) w.value(nearest->price); else w.null();
    }
    w.end_object();
  }
  w.end_array();
}

void write_risk(JsonWriter& w, const AccountRisk& risk, const std::vector<LiquidationLevels>& levels) {
  w.begin_object();
  write_risk_fields(w, risk, levels);
  w.end_object();
}

// Margins are never negative: a negative one is a bug, and is withheld like a non-finite number.
Status check_margins(const AccountRisk& risk, const std::string& path) {
  auto negative = [&](const std::string& field, double value) {
    return Status::error(ErrorCode::INTERNAL, field,
                         "marginkit computed a negative margin (" + field + " = " + format_number(value) +
                             "): a bug, please report it with the inputs");
  };
  if (risk.initial_margin_usd < 0) return negative(path + ".initialMarginUsd", risk.initial_margin_usd);
  if (risk.maintenance_margin_usd < 0) return negative(path + ".maintenanceMarginUsd", risk.maintenance_margin_usd);
  for (std::size_t i = 0; i < risk.positions.size(); ++i) {
    const PositionValue& v = risk.positions[i].value;
    const std::string row = path + ".positions[" + std::to_string(i) + "]";
    if (v.initial_margin_usd < 0) return negative(row + ".initialMarginUsd", v.initial_margin_usd);
    if (v.maintenance_margin_usd < 0) return negative(row + ".maintenanceMarginUsd", v.maintenance_margin_usd);
  }
  return Status::success();
}

// An account in the shape of an account input (AccountInput): mode, collateral by asset, positions
// by canonical name, with their isolated margins in isolated mode.
void write_account(JsonWriter& w, const Account& account) {
  w.begin_object().field("mode", kMarginModeNames[static_cast<int>(account.mode)]);
  w.key("collateral").begin_object();
  for (const CollateralBalance& c : account.collateral) w.field(c.asset, c.amount);
  w.end_object();
  w.key("positions").begin_array();
  for (const Position& p : account.positions) {
    w.begin_object().field("instrument", p.instrument.name).field("size", p.size).field("entryPrice", p.entry_price);
    if (account.mode == MarginMode::isolated) w.field("isolatedMargin", p.isolated_margin);
    w.end_object();
  }
  w.end_array().end_object();
}

// A preview's accountAfter, read back by the account reader as written: what is returned can
// always be fed back. Orders can take a figure past an input's limits (a size, balance or
// isolated margin beyond 1e15; an entry price below 1e-12 where an option fills at a mark that
// small): the preview is then withheld with the reader's error at accountAfter's path, rather
// than returned with an account no call takes.
Status write_account_after(JsonWriter& w, const Account& account) {
  w.key("accountAfter");
  const std::size_t start = w.size();
  write_account(w, account);
  if (!w.non_finite_key().empty()) return Status::success();  // finish() withholds it as such
  Account read;
  Status s = parse_account_json(std::string(w.text().substr(start)), read, "accountAfter");
  if (!s.ok()) {
    s.message += " (the account after the orders is beyond an input's limits)";
  }
  return s;
}

// The writer's text, unless it met a non-finite number.
Status finish(JsonWriter& w, const std::string& what, std::string& out) {
  if (!w.non_finite_key().empty()) {
    return Status::error(ErrorCode::NON_FINITE_RESULT, w.non_finite_key(),
                         what + " held a non-finite " + w.non_finite_key() +
                             " and was withheld: a bug, please report it with the inputs");
  }
  out = w.take();
  return Status::success();
}

}  // namespace

Status account_risk_to_json(const AccountRisk& risk, const std::vector<LiquidationLevels>& levels, std::string& out) {
  if (auto s = check_margins(risk, "risk"); !s.ok()) return s;
  JsonWriter w;
  w.begin_object();
  write_risk_fields(w, risk, levels);
  w.key("liquidation");
  write_liquidation(w, levels);
  w.end_object();
  return finish(w, "the account's risk", out);
}

Status trade_preview_to_json(const TradePreview& p, std::string& out) {
  if (auto s = check_margins(p.before, "before"); !s.ok()) return s;
  if (auto s = check_margins(p.after, "after"); !s.ok()) return s;
  JsonWriter w;
  w.begin_object().field("accepted", p.accepted);
  w.key("rejectReason");
  if (p.reject_reason.empty()) w.null(); else w.value(p.reject_reason);
  w.key("warnings").begin_array();
  for (const auto& warning : p.warnings) write_warning(w, warning);
  w.end_array();
  w.key("before");
  write_risk(w, p.before, p.liquidation_before);
  w.key("after");
  write_risk(w, p.after, p.liquidation_after);
  w.key("change")
      .begin_object()
      .field("equityUsd", p.after.equity_usd - p.before.equity_usd)
      .field("initialMarginUsd", p.after.initial_margin_usd - p.before.initial_margin_usd)
      .field("maintenanceMarginUsd", p.after.maintenance_margin_usd - p.before.maintenance_margin_usd)
      .field("availableMarginUsd", p.after.available_margin_usd - p.before.available_margin_usd)
      .end_object();
  w.key("liquidationBefore");
  write_liquidation(w, p.liquidation_before);
  w.key("liquidationAfter");
  write_liquidation(w, p.liquidation_after);
  w.field("maxSize", p.max_size).field("sizeIncrement", p.size_increment);
  w.key("topUp")
      .begin_object()
      .field("usd", p.top_up_usd)
      .field("asset", p.top_up_asset)
      .field("amount", p.top_up_amount)
      .end_object();
  if (p.account_after) {
    if (auto s = write_account_after(w, *p.account_after); !s.ok()) return s;
  }
  w.end_object();
  return finish(w, "the preview", out);
}

std::string instrument_to_json(const Instrument& instrument) {
  static constexpr const char* kKinds[] = {"option", "future", "perpetual", "spot"};
  JsonWriter w;
  w.begin_object()
      .field("name", instrument.name)
      .field("kind", kKinds[static_cast<int>(instrument.kind)])
      .field("underlying", instrument.underlying)
      .field("settlement", instrument.is_inverse() ? "inverse" : "linear")
      .field("settlementAsset", instrument.settlement_asset);
  if (instrument.has_expiry()) {
    w.field("expiry", format_iso_utc(instrument.expiry)).field("expiryMs", static_cast<double>(instrument.expiry));
  }
  if (instrument.is_option()) {
    w.field("type", instrument.option_type == OptionType::call ? "call" : "put").field("strike", instrument.strike);
  }
  // What one contract (a size of 1) is: see instruments/instrument.hpp.
  const bool usd_contract = instrument.is_inverse() && !instrument.is_option() && instrument.kind != InstrumentKind::spot;
  w.key("contract").begin_object().field("amount", 1.0).field("unit", usd_contract ? "USD" : instrument.underlying.c_str());
  w.end_object().end_object();
  return w.take();
}

}  // namespace marginkit
