#pragma once
// Derive's open "PM2" portfolio-margin model (formerly Lyra v2): an account of options on one
// underlying, at most one perpetual, collateral tokens and cash is revalued under a list of
// spot/vol scenarios; the worst P&L times a loss factor, plus flat contingencies, is the
// requirement. Results are NET margins: mm = MtM - MM requirement (positive is healthy, negative
// a shortfall; liquidatable below 0), im likewise (a new trade is accepted while im >= 0).
//
// Implemented from the model's published description (tests/reference/ORACLES_README.md names
// its source and the reference cases, tests/reference/derive_pm2_subset.json). Every number of
// the model is an input here (Pm2Params): the live venue changes them over time.
//
// Units: prices in USD; cash, values and margins in cash units (a USD stable coin). Amounts are
// signed (positive long or held). Time is whole seconds to expiry, T = seconds / 31,536,000.
// These functions do not validate: io/derive_pm2_json.cpp reads and checks the inputs.
#include <optional>
#include <string>
#include <vector>

#include "pricing/option_spec.hpp"

namespace marginkit {

struct Pm2Option {
  double strike = 0.0;  // USD
  OptionType kind = OptionType::call;
  double amount = 0.0;    // signed contracts
  double mark_vol = 0.0;  // annual implied vol at the strike, decimal; 0 values at intrinsic
};

// One expiry and the options that expire then.
struct Pm2Expiry {
  double expiry_seconds = 0.0;  // whole seconds to expiry; 0 = expiring now
  double forward = 0.0;         // F, USD
  double forward_fixed = 0.0;   // the part of F already fixed (settlement averaging), 0 <= it <= F
  double rate = 0.0;            // continuously compounded annual rate; floored at 0 by the model
  double forward_confidence = 1.0, rate_confidence = 1.0, vol_confidence = 1.0;  // oracle confidences, 0..1
  std::vector<Pm2Option> options;
};

struct Pm2Perp {
  double amount = 0.0;  // signed
  double price = 0.0;   // perp mark, USD
  double confidence = 1.0;
  double unrealised_pnl = 0.0, unrealised_funding = 0.0;  // cash units
};

struct Pm2Collateral {
  std::string name;
  double amount = 0.0;  // tokens held, >= 0
  double price = 0.0;   // USD per token
  double confidence = 1.0;
  bool risk_cancelling = false;  // moves with the underlying (shocked with spot)
  double mm_haircut = 0.0, im_haircut = 0.0;  // fractions of the value; IM's is on top of MM's
};

struct Pm2Portfolio {
  double spot = 0.0;  // index price S, USD
  double spot_confidence = 1.0;
  double stable_price = 1.0;  // USD per cash unit: divides collateral values, can trigger the depeg factor
  double cash = 0.0;          // cash units, may be negative
  std::vector<Pm2Expiry> expiries;
  std::optional<Pm2Perp> perp;
  std::vector<Pm2Collateral> collaterals;
};

enum class Pm2ScenarioClass { regular, tail, skew };  // a label: all scenarios enter one minimum
enum class Pm2VolMove { up, none, down, linear, abs };  // linear / abs: the skew tilts

struct Pm2Scenario {
  Pm2ScenarioClass scenario_class = Pm2ScenarioClass::regular;
  double spot_shock = 1.0;  // multiplier on spot (1.18 = +18 %)
  Pm2VolMove vol = Pm2VolMove::none;
  double weight = 1.0;      // dampening on the scenario's P&L
};

// The model's parameters, grouped as in the file format (published names in comments).
struct Pm2Params {
  std::vector<Pm2Scenario> scenarios;
  struct VolShock {
    double vol_range_up = 0, vol_range_down = 0;         // VOLRANGEUP, VOLRANGEDOWN
    double short_term_power = 0, long_term_power = 0;   // SHORTTERMPOWER, LONGTERMPOWER
    double dte_floor_days = 1;                          // DTE_FLOOR
    double min_vol_up_shock = 0;                        // MIN_VOL_EVAL_SHOCKED
  } vol_shock;
  struct LossFactors {
    double mm = 0, im = 0;  // MM_LOSS_FACTOR, IM_LOSS_FACTOR
  } loss_factors;
  struct StaticDiscount {
    double pos_base = 0, pos_rate_mult = 0, pos_rate_add = 0;  // BASE_STATIC_DISCOUNT, LONG_RATE_*
    double neg_base = 0, neg_rate_mult = 0, neg_rate_add = 0;  // BASE_STATIC_DISCOUNT_NEG, SHORT_RATE_*
  } static_discount;
  struct Basis {
    double spot_shock_up = 1, spot_shock_down = 1;  // SCENARIO_SPOT_UP / _DOWN
    double add_factor = 0, mult_factor = 0;         // BASIS_CONT_ADD_FACTOR / _MULT_FACTOR
  } basis;
  struct Contingency {
    double mm_perp_fraction = 0, im_perp_fraction = 0;      // IM: on top of MM
    double mm_option_fraction = 0, im_option_fraction = 0;  // IM: on top of MM
    double conf_threshold = 0, conf_margin = 0;             // CONF_THRESHOLD, CONF_MARGIN
    double peg_loss_threshold = 0, peg_loss_factor = 0;     // PEG_LOSS_THRESHOLD, PEG_LOSS_FACTOR
  } contingency;
  struct Skew {
    double linear_cap = 0, linear_cap_slope = 0;  // LINEAR_SCALE_CAP, LINEAR_CBASE
    double abs_cap = 0, abs_cap_slope = 0;        // ABS_SCALE_CAP, ABS_CBASE
    double min_k_star = 0, width_scale = 0;       // MIN_K_STAR, MIN_WIDTH_SCALE
    double vol_param_static = 0, vol_param_scale = 0;  // VOL_PARAM_STATIC, VOL_PARAM_SCALE
  } skew;
};

// Per expiry, what the scenarios used.
struct Pm2ExpiryDiagnostics {
  double expiry_seconds = 0, mtm = 0;
  double vol_shock_up = 1, vol_shock_down = 1;           // vol multipliers
  double static_discount_pos = 1, static_discount_neg = 1;  // factors on a positive / negative shocked value
  double naked_shorts = 0;                               // contracts short and not covered at their strike
};

struct Pm2Result {
  double mtm = 0;  // options + perp unrealised cash + collaterals + cash
  double mm = 0;   // net: MtM - MM requirement
  double im = 0;   // net: MtM - IM requirement
  double mm_requirement = 0, im_requirement = 0;  // >= 0: loss factor x -W + contingencies

  double worst_pnl = 0;          // W = min(basis, every scenario P&L) <= 0
  double basis_contingency = 0;  // B <= 0
  std::optional<double> worst_regular_pnl, worst_tail_pnl, worst_skew_pnl;  // empty: no such scenario
  int worst_scenario = -1;       // index of the lowest scenario P&L, -1 with no scenarios
  double option_mtm = 0, perp_mtm = 0, collateral_mtm = 0;
  struct MmContingency { double perp = 0, option = 0, collateral = 0; } mm_contingency;
  struct ImContingency { double perp = 0, option = 0, collateral = 0, confidence = 0; } im_contingency;
  double im_factor = 0;  // IM loss factor after the depeg increase
  std::vector<Pm2ExpiryDiagnostics> per_expiry;
  std::vector<double> scenario_pnl;  // per params.scenarios entry, weighted; negative is a loss
};

// Which part set the worst loss: "basis", "regular", "tail", "skew", or "tie:a+b..." when several
// equal it (alphabetical) to within 1e-9 (1 + |worst|) cash units, rounding noise.
std::string pm2_binding(const Pm2Result& result);

Pm2Result derive_pm2_margin(const Pm2Portfolio& portfolio, const Pm2Params& params);

}  // namespace marginkit
