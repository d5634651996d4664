#include "portfolio/derive_pm2.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "common/small_sort.hpp"
#include "pricing/black_scholes.hpp"

namespace marginkit {

namespace {

constexpr double kSecondsPerYear = 31536000.0;  // 365 days: the model's year, no day count
constexpr double kThirtyDays = 2592000.0;       // seconds; the vol shocks' reference tenor
// The model's rule: from a total vol sigma sqrt(T) of 24 a call is worth its discounted forward
// and a put its discounted strike (N(d1) -> 1, N(d2) -> 0 there for any sane moneyness), so that
// marks like 2,500 % a few days out stay well defined.
constexpr double kSaturatedTotalVol = 24.0;

// Black-76 value of one option with the model's edge rules: saturated at the discounted forward
// (call) or strike (put), and the zero-vol limit, discounted intrinsic value, when nothing is
// left of the vol (expired, a zero mark, a vol-down multiplier that reached 0; also NaN from
// 0 * inf in a skew limit, where the vol is 0 too). Never below 0 or above its bound.
double option_value(const Pm2Option& option, double forward, double vol, double sqrt_t, double discount) {
  const double total_vol = vol * sqrt_t;
  const double bound = discount * (option.kind == OptionType::call ? forward : option.strike);
  if (total_vol >= kSaturatedTotalVol) return bound;
  if (!(total_vol > 0.0)) {
    return discount * std::max(static_cast<double>(option.kind) * (forward - option.strike), 0.0);
  }
  const double value =
      black76_premium(option.kind, forward, option.strike, discount, total_vol, std::log(forward / option.strike));
  return std::clamp(value, 0.0, bound);
}

// What every scenario needs of one expiry, worked out once.
struct ExpiryTerms {
  double t, sqrt_t, discount;
  double pos, neg;           // static discount factors on a positive / negative shocked value
  double up, down;           // vol multipliers
  double linear_cap, abs_cap, k_star;  // skew shape
  double mtm;
};

ExpiryTerms expiry_terms(const Pm2Expiry& expiry, const Pm2Params& params) {
  ExpiryTerms x{};
  x.t = expiry.expiry_seconds / kSecondsPerYear;
  x.sqrt_t = std::sqrt(x.t);
  const double rate = std::max(expiry.rate, 0.0);  // negative rates are floored everywhere
  x.discount = std::exp(-rate * x.t);
  const Pm2Params::StaticDiscount& sd = params.static_discount;
  x.pos = sd.pos_base * std::exp(-x.t * (rate * sd.pos_rate_mult + sd.pos_rate_add));
  // A negative value is marked up, but never beyond its undiscounted payoff.
  x.neg = std::min(1.0 / x.discount, sd.neg_base * std::exp(x.t * (rate * sd.neg_rate_mult + sd.neg_rate_add)));

  // Vol shocks grow for short-dated expiries: (30 days / time to expiry)^power.
  const Pm2Params::VolShock& vs = params.vol_shock;
  const double dte_floor = std::floor(vs.dte_floor_days * 86400.0);
  const double ratio = kThirtyDays / std::max(expiry.expiry_seconds, dte_floor);
  // ratio^power as exp(power ln ratio): musl's pow would bring 4 KB of tables into the wasm, and
  // the two differ by a few ulps.
  const double scale =
      std::exp((expiry.expiry_seconds <= kThirtyDays ? vs.short_term_power : vs.long_term_power) * std::log(ratio));
  x.up = 1.0 + vs.vol_range_up * scale;
  x.down = std::max(0.0, 1.0 - vs.vol_range_down * scale);

  const Pm2Params::Skew& sk = params.skew;
  x.linear_cap = sk.linear_cap_slope * x.sqrt_t + sk.linear_cap;
  x.abs_cap = sk.abs_cap_slope * x.sqrt_t + sk.abs_cap;
  // k* divides; a minKStar of 0 with a non-positive width would make it 0. The smallest positive
  // double is the limit k* -> 0+ (the shock jumps to its cap) without a 0 / 0.
  x.k_star = std::max({sk.min_k_star, x.sqrt_t * sk.width_scale * (sk.vol_param_static + x.sqrt_t * sk.vol_param_scale),
                       std::numeric_limits<double>::min()});
  return x;
}

double shocked_forward(const Pm2Expiry& expiry, double spot_shock) {
  if (spot_shock == 1.0) return expiry.forward;  // F(1) = F exactly
  return (expiry.forward - expiry.forward_fixed) * spot_shock + expiry.forward_fixed;
}

double static_discounted(double value, const ExpiryTerms& x) { return value * (value >= 0.0 ? x.pos : x.neg); }

// An option's vol in a scenario. The skews tilt (linear) or bend (abs) the smile: a multiplier
// 1 + a that grows linearly in log-moneyness k up to the cap at k*. Not a symmetric clamp: with a
// negative cap the two branches are not mirror images.
double scenario_vol(const Pm2Option& option, Pm2VolMove move, double forward, const ExpiryTerms& x,
                    const Pm2Params& params) {
  switch (move) {
    case Pm2VolMove::up: return std::max(params.vol_shock.min_vol_up_shock, option.mark_vol * x.up);
    case Pm2VolMove::down: return option.mark_vol * x.down;  // may reach 0: valued at intrinsic
    case Pm2VolMove::none: return option.mark_vol;
    case Pm2VolMove::linear:
    case Pm2VolMove::abs: break;
  }
  double k = std::log(option.strike / forward);
  if (move == Pm2VolMove::abs) k = std::fabs(k);
  const double cap = move == Pm2VolMove::abs ? x.abs_cap : x.linear_cap;
  const double a = k >= 0.0 ? std::min(cap, k * cap / x.k_star) : std::max(-cap, k * cap / x.k_star);
  return option.mark_vol * std::max(0.0, 1.0 + a);
}

// Sum of amount * value over the expiry's options at the forward moved by spot_shock, each at
// its vol under `move`.
double expiry_value(const Pm2Expiry& expiry, const ExpiryTerms& x, double spot_shock, Pm2VolMove move,
                    const Pm2Params& params) {
  const double forward = shocked_forward(expiry, spot_shock);
  double value = 0.0;
  for (const Pm2Option& option : expiry.options) {
    const double vol = scenario_vol(option, move, forward, x, params);
    value += option.amount * option_value(option, forward, vol, x.sqrt_t, x.discount);
  }
  return value;
}

// One scenario's weighted P&L of one expiry against its MtM, after the static discount. The skew
// scenarios revalue at the unshocked forward and count a gain as a loss of the same size (the
// skew could as well move the other way).
double expiry_scenario_pnl(const Pm2Expiry& expiry, const ExpiryTerms& x, const Pm2Scenario& scenario,
                           const Pm2Params& params) {
  const bool skew = scenario.vol == Pm2VolMove::linear || scenario.vol == Pm2VolMove::abs;
  const double value = expiry_value(expiry, x, skew ? 1.0 : scenario.spot_shock, scenario.vol, params);
  const double pnl = scenario.weight * (static_discounted(value, x) - x.mtm);
  return skew ? -std::fabs(pnl) : pnl;
}

// Short contracts not covered at their own strike: at one strike a long call or put covers a
// short of either type, so the strike's naked count is max(0, -sum of its amounts). Options at
// different strikes never offset.
double naked_shorts(const Pm2Expiry& expiry) {
  std::vector<std::pair<double, double>> by_strike(expiry.options.size());  // (strike, amount)
  for (std::size_t i = 0; i < by_strike.size(); ++i) by_strike[i] = {expiry.options[i].strike, expiry.options[i].amount};
  small_sort(by_strike.begin(), by_strike.end());  // options come by strike, or nearly
  double naked = 0.0;
  for (std::size_t i = 0; i < by_strike.size();) {
    double net = 0.0;
    const double strike = by_strike[i].first;
    for (; i < by_strike.size() && by_strike[i].first == strike; ++i) net += by_strike[i].second;
    naked += std::max(0.0, -net);
  }
  return naked;
}

double gross_contracts(const Pm2Expiry& expiry) {
  double gross = 0.0;
  for (const Pm2Option& option : expiry.options) gross += std::fabs(option.amount);
  return gross;
}

}  // namespace

Pm2Result derive_pm2_margin(const Pm2Portfolio& portfolio, const Pm2Params& params) {
  Pm2Result result;
  const Pm2Params::Contingency& cont = params.contingency;
  const double spot = portfolio.spot;
  // IM only: an extra charge on notional whose oracle confidence is below the threshold.
  auto confidence_charge = [&](double confidence, double notional) {
    return confidence < cont.conf_threshold ? (1.0 - confidence) * cont.conf_margin * notional : 0.0;
  };
  double account_confidence = portfolio.spot_confidence;

  // Sized once and filled by index: the wasm keeps no push_back growth code for these.
  const std::size_t expiries = portfolio.expiries.size();
  std::vector<ExpiryTerms> terms(expiries);
  result.per_expiry.resize(expiries);
  result.scenario_pnl.resize(params.scenarios.size());
  std::vector<double> collateral_values(portfolio.collaterals.size());
  for (std::size_t e = 0; e < expiries; ++e) {
    ExpiryTerms& x = terms[e];
    x = expiry_terms(portfolio.expiries[e], params);
    x.mtm = expiry_value(portfolio.expiries[e], x, 1.0, Pm2VolMove::none, params);
    result.option_mtm += x.mtm;
  }

  if (portfolio.perp) {
    const Pm2Perp& perp = *portfolio.perp;
    // Its value is the cash it carries; its own mark moves only in the scenarios.
    result.perp_mtm = perp.unrealised_pnl + perp.unrealised_funding;
    const double notional = std::fabs(perp.amount) * spot;  // at spot, not the perp price
    result.mm_contingency.perp = notional * cont.mm_perp_fraction;
    result.im_contingency.perp = notional * cont.im_perp_fraction;
    account_confidence = std::min(account_confidence, perp.confidence);
    result.im_contingency.confidence += confidence_charge(account_confidence, notional);
  }

  for (std::size_t i = 0; i < collateral_values.size(); ++i) {
    const Pm2Collateral& c = portfolio.collaterals[i];
    const double value = c.amount * c.price / portfolio.stable_price;  // cash is not divided
    collateral_values[i] = value;
    result.collateral_mtm += value;
    result.mm_contingency.collateral += value * c.mm_haircut;
    result.im_contingency.collateral += value * c.im_haircut;
    // The perp's confidence does not count here.
    result.im_contingency.confidence += confidence_charge(std::min(c.confidence, portfolio.spot_confidence), value);
  }
  result.mtm = result.option_mtm + result.perp_mtm + result.collateral_mtm + portfolio.cash;

  // Basis contingency: the forward moved at unchanged vol, neither discounted nor weighted,
  // scaled by time. It seeds the worst loss.
  for (std::size_t e = 0; e < expiries; ++e) {
    const Pm2Expiry& expiry = portfolio.expiries[e];
    const ExpiryTerms& x = terms[e];
    auto moved = [&](double shock) { return expiry_value(expiry, x, shock, Pm2VolMove::none, params) - x.mtm; };
    const double loss = std::min({moved(params.basis.spot_shock_up), moved(params.basis.spot_shock_down), 0.0});
    result.basis_contingency += loss * (params.basis.add_factor + params.basis.mult_factor * x.t);

    const double naked = naked_shorts(expiry);
    result.mm_contingency.option += naked * spot * cont.mm_option_fraction;
    result.im_contingency.option += naked * spot * cont.im_option_fraction;
    const double confidence = std::min({account_confidence, expiry.forward_confidence, expiry.rate_confidence,
                                        expiry.vol_confidence});
    result.im_contingency.confidence += confidence_charge(confidence, spot * gross_contracts(expiry));
    result.per_expiry[e] = {expiry.expiry_seconds, x.mtm, x.up, x.down, x.pos, x.neg, naked};
  }

  result.worst_pnl = result.basis_contingency;
  for (std::size_t i = 0; i < params.scenarios.size(); ++i) {
    const Pm2Scenario& scenario = params.scenarios[i];
    const double move = scenario.spot_shock - 1.0;
    double pnl = 0.0;
    for (std::size_t e = 0; e < expiries; ++e) {
      pnl += expiry_scenario_pnl(portfolio.expiries[e], terms[e], scenario, params);
    }
    // The perp moves at its own price; risk-cancelling collateral with spot; the rest not at all.
    if (portfolio.perp) pnl += scenario.weight * portfolio.perp->amount * move * portfolio.perp->price;
    for (std::size_t c = 0; c < collateral_values.size(); ++c) {
      if (portfolio.collaterals[c].risk_cancelling) pnl += scenario.weight * collateral_values[c] * move;
    }
    result.scenario_pnl[i] = pnl;

    std::optional<double>& worst_of_class = scenario.scenario_class == Pm2ScenarioClass::regular ? result.worst_regular_pnl
                                            : scenario.scenario_class == Pm2ScenarioClass::tail  ? result.worst_tail_pnl
                                                                                                 : result.worst_skew_pnl;
    worst_of_class = std::min(worst_of_class.value_or(pnl), pnl);
    if (result.worst_scenario < 0 || pnl < result.scenario_pnl[static_cast<std::size_t>(result.worst_scenario)]) {
      result.worst_scenario = static_cast<int>(i);
    }
    result.worst_pnl = std::min(result.worst_pnl, pnl);
  }

  // A depegged cash coin raises the IM loss factor (IM only).
  result.im_factor = params.loss_factors.im;
  if (portfolio.stable_price < cont.peg_loss_threshold) {
    result.im_factor += (cont.peg_loss_threshold - portfolio.stable_price) * cont.peg_loss_factor;
  }
  const auto& mmc = result.mm_contingency;
  const auto& imc = result.im_contingency;
  const double mm_requirement_extra = mmc.perp + mmc.option + mmc.collateral;
  // IM's contingencies are charged on top of MM's.
  result.mm_requirement = mm_requirement_extra - params.loss_factors.mm * result.worst_pnl;
  result.im_requirement = mm_requirement_extra + (imc.perp + imc.option + imc.collateral + imc.confidence) -
                          result.im_factor * result.worst_pnl;
  result.mm = result.mtm - result.mm_requirement;
  result.im = result.mtm - result.im_requirement;
  return result;
}

std::string pm2_binding(const Pm2Result& result) {
  std::string parts;
  int count = 0;
  // Parts equal to the worst but for rounding tie: a short box's legs cancel to ~1e-11, not 0.
  const double noise = 1e-9 * (1.0 + std::fabs(result.worst_pnl));
  auto add = [&](const char* name, const std::optional<double>& pnl) {
    if (!pnl || *pnl - result.worst_pnl > noise) return;
    parts += count++ ? "+" : "";
    parts += name;
  };
  add("basis", result.basis_contingency);
  add("regular", result.worst_regular_pnl);
  add("skew", result.worst_skew_pnl);
  add("tail", result.worst_tail_pnl);
  return count > 1 ? "tie:" + parts : parts;
}

}  // namespace marginkit
