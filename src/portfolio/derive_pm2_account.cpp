#include "portfolio/derive_pm2_account.hpp"

#include <cmath>

namespace marginkit {

namespace {

constexpr double kSecondsPerYear = 31536000.0;  // the model's year (derive_pm2.cpp)

// The requirement's flat parts, MM's and IM's (IM's are charged on top of MM's), those not 0.
std::vector<Contingency> maintenance_contingencies(const Pm2Result& r) {
  std::vector<Contingency> out;
  for (const Contingency& c : {Contingency{"perp", r.mm_contingency.perp}, Contingency{"option", r.mm_contingency.option},
                               Contingency{"collateral", r.mm_contingency.collateral}}) {
    if (c.amount != 0.0) out.push_back(c);
  }
  return out;
}
std::vector<Contingency> initial_contingencies(const Pm2Result& r) {
  std::vector<Contingency> out;
  for (const Contingency& c : {Contingency{"perp", r.mm_contingency.perp + r.im_contingency.perp},
                               Contingency{"option", r.mm_contingency.option + r.im_contingency.option},
                               Contingency{"collateral", r.mm_contingency.collateral + r.im_contingency.collateral},
                               Contingency{"confidence", r.im_contingency.confidence}}) {
    if (c.amount != 0.0) out.push_back(c);
  }
  return out;
}

VolState vol_state_of(Pm2VolMove vol) {
  switch (vol) {
    case Pm2VolMove::up: return VolState::up;
    case Pm2VolMove::down: return VolState::down;
    case Pm2VolMove::linear: return VolState::skew_linear;
    case Pm2VolMove::abs: return VolState::skew_abs;
    case Pm2VolMove::none: break;
  }
  return VolState::none;
}

}  // namespace

Status check_derive_pm2_instrument(const Instrument& instrument, const std::string& field) {
  const bool dated_future = instrument.kind == InstrumentKind::future;
  const bool coin_settled = instrument.is_inverse() && instrument.kind != InstrumentKind::spot;
  if (!dated_future && !coin_settled) return Status::success();
  return Status::error(ErrorCode::INVALID_INSTRUMENT, field,
                       field + ": " + instrument.name + " cannot be margined by 'derive-pm2', which holds USD-settled " +
                           "options and perpetuals (Derive lists no dated futures or coin-settled contracts); " +
                           "use 'deribit' or 'span' for this account");
}

Status check_derive_pm2_account(const Account& account) {
  for (std::size_t i = 0; i < account.positions.size(); ++i) {
    const std::string field = "account.positions[" + std::to_string(i) + "].instrument";
    if (auto s = check_derive_pm2_instrument(account.positions[i].instrument, field); !s.ok()) return s;
  }
  return Status::success();
}

Pm2Portfolio derive_pm2_portfolio(const PreparedAccount& prepared, const PortfolioGroup& group, double base_ratio) {
  Pm2Portfolio portfolio;
  const PreparedPosition& first = prepared.positions[group.positions.front()];
  portfolio.spot = first.market->index_price * base_ratio;
  double perp_amount = 0.0, perp_notional = 0.0;
  for (std::size_t index : group.positions) {
    const PreparedPosition& p = prepared.positions[index];
    if (p.kind == InstrumentKind::spot) {
      Pm2Collateral coin;
      coin.name = p.position->instrument.name;
      coin.amount = p.size;
      coin.price = portfolio.spot;
      coin.risk_cancelling = true;
      portfolio.collaterals.push_back(coin);
      continue;
    }
    if (p.kind == InstrumentKind::perpetual) {
      perp_amount += p.size;
      perp_notional += p.size * p.base_mark * base_ratio;
      continue;
    }
    // An option (check_derive_pm2_instrument refused the rest): one expiry per time to expiry.
    const double seconds = p.t * kSecondsPerYear;
    Pm2Expiry* expiry = nullptr;
    for (auto& e : portfolio.expiries) expiry = e.expiry_seconds == seconds ? &e : expiry;
    if (!expiry) {
      portfolio.expiries.emplace_back();
      expiry = &portfolio.expiries.back();
      expiry->expiry_seconds = seconds;
      expiry->forward = p.base_forward * base_ratio;
      expiry->rate = p.market->rate;
    }
    expiry->options.push_back({p.strike, p.option_type, size_in_coins(*p.position, p.base_forward),
                               option_vol_at(p, base_ratio)});
  }
  if (perp_amount != 0.0) {
    Pm2Perp perp;
    perp.amount = perp_amount;
    perp.price = perp_notional / perp_amount;  // one perp: the size-weighted mark
    portfolio.perp = perp;
  }
  return portfolio;
}

void evaluate_derive_pm2_group(const PreparedAccount& prepared, const Pm2Params& params, double base_ratio,
                               bool detail, PortfolioGroup& group) {
  const Pm2Result r = derive_pm2_margin(derive_pm2_portfolio(prepared, group, base_ratio), params);
  group.additive = false;
  group.currency_usd = 1.0;  // USD-settled groups only
  group.worst_case = -r.worst_pnl;
  group.basis_shock = -r.basis_contingency;
  group.maintenance_contingencies = maintenance_contingencies(r);
  group.contingencies = initial_contingencies(r);
  group.maintenance = r.mm_requirement;
  group.initial = r.im_requirement;
  group.initial_usd = group.initial;
  group.maintenance_usd = group.maintenance;
  group.binding = r.worst_scenario < 0 ? 0 : static_cast<std::size_t>(r.worst_scenario);
  group.binding_part = pm2_binding(r);
  if (!detail) return;
  group.scenarios.clear();
  for (const Pm2Scenario& s : params.scenarios) {
    Scenario scenario;
    scenario.spot_move = s.spot_shock - 1.0;
    scenario.vol = vol_state_of(s.vol);
    scenario.tail = s.scenario_class == Pm2ScenarioClass::tail;
    scenario.weight = s.weight;
    group.scenarios.push_back(scenario);
  }
  group.scenario_pnl = r.scenario_pnl;
}

}  // namespace marginkit
