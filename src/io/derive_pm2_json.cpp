#include "io/derive_pm2_json.hpp"

#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "common/checks.hpp"
#include "io/json_reader.hpp"
#include "io/json_writer.hpp"

namespace marginkit {

namespace {

// Limits that catch unit mistakes, not the model's values (those are data: any inside these).
constexpr double kMaxSeconds = 100.0 * 31536000.0;  // 100 years to expiry
constexpr double kMaxParameter = 1000.0;            // any multiplier, fraction, factor or weight
constexpr double kMaxRateScale = 100.0;             // static-discount rate terms: exp() stays finite
constexpr double kMaxPower = 10.0;                  // vol-shock exponents
constexpr double kMaxMarkVol = 1e6;                 // annual vol; marks of 2,500 (250,000 %) occur
constexpr double kMinSpotShock = 1e-6;              // a shocked forward stays > 0

Status out_of_range(const std::string& field, double value, const std::string& range) {
  return Status::error(ErrorCode::OUT_OF_RANGE, field,
                       field + " must lie within " + range + ", got " + format_number(value));
}

// A number member within [lo, hi] (absent and optional: `out` keeps its default).
Status read_bounded(const Json& object, const char* key, const std::string& path, double& out, double lo, double hi,
                    bool required = true) {
  if (auto s = read_number(object, key, path, out, required); !s.ok()) return s;
  if (out >= lo && out <= hi) return Status::success();
  return out_of_range(path + "." + key, out, "[" + format_number(lo) + ", " + format_number(hi) + "]");
}

struct Bounded {
  const char* key;
  double* out;
  double lo, hi;
};
// Required numbers, each within its bounds.
Status read_all(const Json& object, const std::string& path, std::initializer_list<Bounded> fields) {
  for (const Bounded& f : fields) {
    if (auto s = read_bounded(object, f.key, path, *f.out, f.lo, f.hi); !s.ok()) return s;
  }
  return Status::success();
}

// A price (USD): > 0 and within the engine's price limits.
Status read_price(const Json& object, const char* key, const std::string& path, double& out) {
  if (auto s = read_number(object, key, path, out, true); !s.ok()) return s;
  return check_positive(out, path + "." + key, kMinPrice, kMaxPrice);
}

Status read_confidence(const Json& object, const char* key, const std::string& path, double& out) {
  return read_bounded(object, key, path, out, 0.0, 1.0);
}

// Whole seconds to expiry.
Status read_seconds(const Json& object, const std::string& path, double& out) {
  if (auto s = read_bounded(object, "expirySeconds", path, out, 0.0, kMaxSeconds); !s.ok()) return s;
  if (out == std::floor(out)) return Status::success();
  return invalid_type(path + ".expirySeconds", "a whole number of seconds, got " + format_number(out));
}

// The member `key`: an object, or (list) an array. Absent or null is MISSING_FIELD if required,
// else `out` is nullptr.
Status read_child(const Json& parent, const char* key, const std::string& path, bool list, bool required,
                  const Json*& out) {
  out = member(parent, key);
  const std::string field = path + "." + key;
  if (!out) return required ? missing_field(field) : Status::success();
  if (list ? out->is_array() : out->is_object()) return Status::success();
  return invalid_type(field, list ? "an array" : "an object");
}

std::string item_path(const std::string& path, const char* key, std::size_t i) {
  return path + "." + key + "[" + std::to_string(i) + "]";
}

Status read_expiries(const Json& list, Pm2Portfolio& out) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Json& item = list[i];
    const std::string path = item_path("inputs", "expiries", i);
    if (auto s = require_known_keys(item, path, {"expirySeconds", "forward", "forwardFixed", "rate", "discount",
                                                 "forwardConfidence", "rateConfidence", "volConfidence"});
        !s.ok()) {
      return s;
    }
    Pm2Expiry e;
    double discount = 1.0;  // D = exp(-max(rate, 0) T): the model computes it; accepted, not used
    if (auto s = read_seconds(item, path, e.expiry_seconds); !s.ok()) return s;
    if (auto s = read_price(item, "forward", path, e.forward); !s.ok()) return s;
    if (auto s = read_all(item, path, {{"forwardFixed", &e.forward_fixed, 0.0, e.forward},
                                       {"rate", &e.rate, -kMaxAbsRate, kMaxAbsRate},
                                       {"forwardConfidence", &e.forward_confidence, 0.0, 1.0},
                                       {"rateConfidence", &e.rate_confidence, 0.0, 1.0},
                                       {"volConfidence", &e.vol_confidence, 0.0, 1.0}});
        !s.ok()) {
      return s;
    }
    if (auto s = read_bounded(item, "discount", path, discount, 0.0, 1.0, false); !s.ok()) return s;
    for (const Pm2Expiry& seen : out.expiries) {
      if (seen.expiry_seconds == e.expiry_seconds) {
        return Status::error(ErrorCode::DUPLICATE, path + ".expirySeconds", path + ": this expiry is given twice");
      }
    }
    out.expiries.push_back(e);
  }
  return Status::success();
}

// Options go to their expiry (by expirySeconds); a strike holds at most one call and one put.
Status read_options(const Json& list, Pm2Portfolio& out) {
  std::map<double, std::size_t> expiry_index;
  for (std::size_t e = 0; e < out.expiries.size(); ++e) expiry_index[out.expiries[e].expiry_seconds] = e;
  std::set<std::tuple<double, double, int>> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Json& item = list[i];
    const std::string path = item_path("inputs", "options", i);
    if (auto s = require_known_keys(item, path, {"expirySeconds", "strike", "kind", "amount", "markVol", "markDiscount"});
        !s.ok()) {
      return s;
    }
    Pm2Option o;
    double seconds = 0.0, mark_discount = 1.0;  // the expiry's D: accepted, not used
    std::string kind;
    if (auto s = read_seconds(item, path, seconds); !s.ok()) return s;
    const auto expiry = expiry_index.find(seconds);
    if (expiry == expiry_index.end()) {
      return Status::error(ErrorCode::MISSING_MARKET_DATA, path + ".expirySeconds",
                           path + ".expirySeconds: no entry of inputs.expiries has " + format_number(seconds) + " s");
    }
    if (auto s = read_price(item, "strike", path, o.strike); !s.ok()) return s;
    if (auto s = read_string(item, "kind", path, kind, true); !s.ok()) return s;
    if (kind != "call" && kind != "put") return invalid_enum(path + ".kind", kind, "'call', 'put'");
    o.kind = kind == "call" ? OptionType::call : OptionType::put;
    if (auto s = read_all(item, path, {{"amount", &o.amount, -kMaxAmount, kMaxAmount},
                                       {"markVol", &o.mark_vol, 0.0, kMaxMarkVol}});
        !s.ok()) {
      return s;
    }
    if (auto s = read_bounded(item, "markDiscount", path, mark_discount, 0.0, 1.0, false); !s.ok()) return s;
    if (!seen.emplace(seconds, o.strike, static_cast<int>(o.kind)).second) {
      return Status::error(ErrorCode::DUPLICATE, path, path + ": a " + kind + " at this expiry and strike is given twice");
    }
    out.expiries[expiry->second].options.push_back(o);
  }
  return Status::success();
}

Status read_perp(const Json& item, Pm2Portfolio& out) {
  const std::string path = "inputs.perp";
  if (auto s = require_known_keys(item, path, {"amount", "price", "confidence", "unrealisedPnl", "unrealisedFunding"});
      !s.ok()) {
    return s;
  }
  Pm2Perp p;
  if (auto s = read_price(item, "price", path, p.price); !s.ok()) return s;
  if (auto s = read_all(item, path, {{"amount", &p.amount, -kMaxAmount, kMaxAmount},
                                     {"confidence", &p.confidence, 0.0, 1.0},
                                     {"unrealisedPnl", &p.unrealised_pnl, -kMaxAmount, kMaxAmount},
                                     {"unrealisedFunding", &p.unrealised_funding, -kMaxAmount, kMaxAmount}});
      !s.ok()) {
    return s;
  }
  out.perp = p;
  return Status::success();
}

Status read_collaterals(const Json& list, Pm2Portfolio& out) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Json& item = list[i];
    const std::string path = item_path("inputs", "collaterals", i);
    if (auto s = require_known_keys(item, path, {"name", "amount", "price", "confidence", "riskCancelling",
                                                 "mmHaircut", "imHaircut"});
        !s.ok()) {
      return s;
    }
    Pm2Collateral c;
    if (auto s = read_string(item, "name", path, c.name, false); !s.ok()) return s;
    if (auto s = read_all(item, path, {{"amount", &c.amount, 0.0, kMaxAmount},
                                       {"price", &c.price, 0.0, kMaxPrice},
                                       {"confidence", &c.confidence, 0.0, 1.0},
                                       {"mmHaircut", &c.mm_haircut, 0.0, 1.0},
                                       {"imHaircut", &c.im_haircut, 0.0, 1.0}});
        !s.ok()) {
      return s;
    }
    const Json* cancelling = member(item, "riskCancelling");
    if (!cancelling) return missing_field(path + ".riskCancelling");
    if (!cancelling->is_boolean()) return invalid_type(path + ".riskCancelling", "true or false");
    c.risk_cancelling = cancelling->get<bool>();
    out.collaterals.push_back(c);
  }
  return Status::success();
}

Status read_inputs(const Json& in, Pm2Portfolio& out) {
  const std::string path = "inputs";
  if (auto s = require_known_keys(in, path, {"spot", "stable", "cash", "expiries", "options", "perp", "collaterals"});
      !s.ok()) {
    return s;
  }
  const Json* spot = nullptr;
  const Json* stable = nullptr;
  double stable_confidence = 1.0;  // not used by the model
  if (auto s = read_child(in, "spot", path, false, true, spot); !s.ok()) return s;
  if (auto s = require_known_keys(*spot, path + ".spot", {"price", "confidence"}); !s.ok()) return s;
  if (auto s = read_price(*spot, "price", path + ".spot", out.spot); !s.ok()) return s;
  if (auto s = read_confidence(*spot, "confidence", path + ".spot", out.spot_confidence); !s.ok()) return s;
  if (auto s = read_child(in, "stable", path, false, true, stable); !s.ok()) return s;
  if (auto s = require_known_keys(*stable, path + ".stable", {"price", "confidence"}); !s.ok()) return s;
  if (auto s = read_price(*stable, "price", path + ".stable", out.stable_price); !s.ok()) return s;
  if (auto s = read_bounded(*stable, "confidence", path + ".stable", stable_confidence, 0.0, 1.0, false); !s.ok()) {
    return s;
  }
  if (auto s = read_bounded(in, "cash", path, out.cash, -kMaxAmount, kMaxAmount, false); !s.ok()) return s;

  const Json* list = nullptr;
  if (auto s = read_child(in, "expiries", path, true, false, list); !s.ok()) return s;
  if (list) {
    if (auto s = read_expiries(*list, out); !s.ok()) return s;
  }
  if (auto s = read_child(in, "options", path, true, false, list); !s.ok()) return s;
  if (list) {
    if (auto s = read_options(*list, out); !s.ok()) return s;
  }
  if (auto s = read_child(in, "perp", path, false, false, list); !s.ok()) return s;
  if (list) {
    if (auto s = read_perp(*list, out); !s.ok()) return s;
  }
  if (auto s = read_child(in, "collaterals", path, true, false, list); !s.ok()) return s;
  if (list) return read_collaterals(*list, out);
  return Status::success();
}

Status read_scenarios(const Json& list, std::vector<Pm2Scenario>& out) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Json& item = list[i];
    const std::string path = item_path("params", "scenarios", i);
    if (auto s = require_known_keys(item, path, {"class", "spotShock", "vol", "weight"}); !s.ok()) return s;
    Pm2Scenario sc;
    std::string scenario_class, vol;
    if (auto s = read_string(item, "class", path, scenario_class, true); !s.ok()) return s;
    if (scenario_class == "regular") sc.scenario_class = Pm2ScenarioClass::regular;
    else if (scenario_class == "tail") sc.scenario_class = Pm2ScenarioClass::tail;
    else if (scenario_class == "skew") sc.scenario_class = Pm2ScenarioClass::skew;
    else return invalid_enum(path + ".class", scenario_class, "'regular', 'tail', 'skew'");
    if (auto s = read_number(item, "spotShock", path, sc.spot_shock, true); !s.ok()) return s;
    if (auto s = check_positive(sc.spot_shock, path + ".spotShock", kMinSpotShock, kMaxParameter); !s.ok()) return s;
    if (auto s = read_string(item, "vol", path, vol, true); !s.ok()) return s;
    if (vol == "up") sc.vol = Pm2VolMove::up;
    else if (vol == "none") sc.vol = Pm2VolMove::none;
    else if (vol == "down") sc.vol = Pm2VolMove::down;
    else if (vol == "linear") sc.vol = Pm2VolMove::linear;
    else if (vol == "abs") sc.vol = Pm2VolMove::abs;
    else return invalid_enum(path + ".vol", vol, "'up', 'none', 'down', 'linear', 'abs'");
    if (auto s = read_bounded(item, "weight", path, sc.weight, 0.0, kMaxParameter); !s.ok()) return s;
    out.push_back(sc);
  }
  return Status::success();
}

// One parameter group: an object holding exactly `fields`, each required and within bounds.
Status read_group(const Json& params, const char* key, std::initializer_list<const char*> keys,
                  std::initializer_list<Bounded> fields) {
  const Json* group = nullptr;
  const std::string path = std::string("params.") + key;
  if (auto s = read_child(params, key, "params", false, true, group); !s.ok()) return s;
  if (auto s = require_known_keys(*group, path, keys); !s.ok()) return s;
  return read_all(*group, path, fields);
}

Status read_params(const Json& in, Pm2Params& out) {
  const std::string path = "params";
  if (auto s = require_known_keys(in, path, {"scenarios", "volShock", "lossFactors", "staticDiscount", "basis",
                                             "contingency", "skew"});
      !s.ok()) {
    return s;
  }
  const Json* scenarios = nullptr;
  if (auto s = read_child(in, "scenarios", path, true, true, scenarios); !s.ok()) return s;
  if (auto s = read_scenarios(*scenarios, out.scenarios); !s.ok()) return s;

  const double P = kMaxParameter;
  auto& v = out.vol_shock;
  if (auto s = read_group(in, "volShock",
                          {"volRangeUp", "volRangeDown", "shortTermPower", "longTermPower", "dteFloorDays", "minVolUpShock"},
                          {{"volRangeUp", &v.vol_range_up, 0, P},
                           {"volRangeDown", &v.vol_range_down, 0, P},
                           {"shortTermPower", &v.short_term_power, 0, kMaxPower},
                           {"longTermPower", &v.long_term_power, 0, kMaxPower},
                           {"dteFloorDays", &v.dte_floor_days, 0, 36500},
                           {"minVolUpShock", &v.min_vol_up_shock, 0, kMaxMarkVol}});
      !s.ok()) {
    return s;
  }
  // The floor divides (30 days / max(seconds to expiry, floor)): at least one whole second.
  if (std::floor(v.dte_floor_days * 86400.0) < 1.0) {
    return out_of_range("params.volShock.dteFloorDays", v.dte_floor_days, "[1 second (1/86400), 36500] days");
  }
  auto& lf = out.loss_factors;
  if (auto s = read_group(in, "lossFactors", {"mm", "im"}, {{"mm", &lf.mm, 0, P}, {"im", &lf.im, 0, P}}); !s.ok()) {
    return s;
  }
  auto& sd = out.static_discount;
  if (auto s = read_group(in, "staticDiscount",
                          {"posBase", "posRateMult", "posRateAdd", "negBase", "negRateMult", "negRateAdd"},
                          {{"posBase", &sd.pos_base, 0, P},
                           {"posRateMult", &sd.pos_rate_mult, 0, kMaxRateScale},
                           {"posRateAdd", &sd.pos_rate_add, 0, kMaxRateScale},
                           {"negBase", &sd.neg_base, 0, P},
                           {"negRateMult", &sd.neg_rate_mult, 0, kMaxRateScale},
                           {"negRateAdd", &sd.neg_rate_add, 0, kMaxRateScale}});
      !s.ok()) {
    return s;
  }
  auto& b = out.basis;
  if (auto s = read_group(in, "basis", {"spotShockUp", "spotShockDown", "addFactor", "multFactor"},
                          {{"spotShockUp", &b.spot_shock_up, kMinSpotShock, P},
                           {"spotShockDown", &b.spot_shock_down, kMinSpotShock, P},
                           {"addFactor", &b.add_factor, 0, P},
                           {"multFactor", &b.mult_factor, 0, P}});
      !s.ok()) {
    return s;
  }
  auto& c = out.contingency;
  if (auto s = read_group(in, "contingency",
                          {"mmPerpFraction", "imPerpFraction", "mmOptionFraction", "imOptionFraction", "confThreshold",
                           "confMargin", "pegLossThreshold", "pegLossFactor"},
                          {{"mmPerpFraction", &c.mm_perp_fraction, 0, P},
                           {"imPerpFraction", &c.im_perp_fraction, 0, P},
                           {"mmOptionFraction", &c.mm_option_fraction, 0, P},
                           {"imOptionFraction", &c.im_option_fraction, 0, P},
                           {"confThreshold", &c.conf_threshold, 0, 1},
                           {"confMargin", &c.conf_margin, 0, P},
                           {"pegLossThreshold", &c.peg_loss_threshold, 0, P},
                           {"pegLossFactor", &c.peg_loss_factor, 0, P}});
      !s.ok()) {
    return s;
  }
  auto& k = out.skew;
  return read_group(in, "skew",
                    {"linearCap", "linearCapSlope", "absCap", "absCapSlope", "minKStar", "widthScale",
                     "volParamStatic", "volParamScale"},
                    {{"linearCap", &k.linear_cap, -P, P},
                     {"linearCapSlope", &k.linear_cap_slope, -P, P},
                     {"absCap", &k.abs_cap, -P, P},
                     {"absCapSlope", &k.abs_cap_slope, -P, P},
                     {"minKStar", &k.min_k_star, 0, P},
                     {"widthScale", &k.width_scale, -P, P},
                     {"volParamStatic", &k.vol_param_static, -P, P},
                     {"volParamScale", &k.vol_param_scale, -P, P}});
}

const char* class_name(Pm2ScenarioClass c) {
  return c == Pm2ScenarioClass::regular ? "regular" : c == Pm2ScenarioClass::tail ? "tail" : "skew";
}

const char* vol_name(Pm2VolMove v) {
  static constexpr const char* kNames[] = {"up", "none", "down", "linear", "abs"};
  return kNames[static_cast<int>(v)];
}

void write_optional(JsonWriter& w, const char* key, const std::optional<double>& value) {
  w.key(key);
  if (value) w.value(*value);
  else w.null();
}

}  // namespace

Status parse_derive_pm2_inputs(const std::string& text, Pm2Portfolio& out) {
  Json document;
  if (auto s = parse_json_document(text, "inputs", document); !s.ok()) return s;
  out = Pm2Portfolio{};
  return read_inputs(document, out);
}

Status parse_derive_pm2_params(const std::string& text, Pm2Params& out) {
  Json document;
  if (auto s = parse_json_document(text, "params", document); !s.ok()) return s;
  out = Pm2Params{};
  return read_params(document, out);
}

Status derive_pm2_result_to_json(const Pm2Result& r, const Pm2Params& params, std::string& out) {
  JsonWriter w;
  w.begin_object().field("mtm", r.mtm).field("mm", r.mm).field("im", r.im);
  w.key("diagnostics").begin_object().field("binding", pm2_binding(r)).field("worstPnl", r.worst_pnl);
  w.key("worstScenario");
  if (r.worst_scenario >= 0) w.value(static_cast<double>(r.worst_scenario));
  else w.null();
  w.field("basisContingency", r.basis_contingency);
  write_optional(w, "worstRegularPnl", r.worst_regular_pnl);
  write_optional(w, "worstTailPnl", r.worst_tail_pnl);
  write_optional(w, "worstSkewPnl", r.worst_skew_pnl);
  w.field("optionMtm", r.option_mtm).field("perpMtm", r.perp_mtm).field("collateralMtm", r.collateral_mtm);
  w.key("mmContingency").begin_object().field("perp", r.mm_contingency.perp).field("option", r.mm_contingency.option)
      .field("collateral", r.mm_contingency.collateral).end_object();
  w.key("imContingency").begin_object().field("perp", r.im_contingency.perp).field("option", r.im_contingency.option)
      .field("collateral", r.im_contingency.collateral).field("confidence", r.im_contingency.confidence).end_object();
  w.field("imFactor", r.im_factor);
  w.key("perExpiry").begin_array();
  for (const Pm2ExpiryDiagnostics& e : r.per_expiry) {
    w.begin_object().field("expirySeconds", e.expiry_seconds).field("mtm", e.mtm).field("volShockUp", e.vol_shock_up)
        .field("volShockDown", e.vol_shock_down).field("staticDiscountPos", e.static_discount_pos)
        .field("staticDiscountNeg", e.static_discount_neg).field("nakedShorts", e.naked_shorts).end_object();
  }
  w.end_array().end_object();
  w.key("scenarios").begin_array();
  for (std::size_t i = 0; i < params.scenarios.size() && i < r.scenario_pnl.size(); ++i) {
    const Pm2Scenario& sc = params.scenarios[i];
    w.begin_object().field("class", class_name(sc.scenario_class)).field("spotShock", sc.spot_shock)
        .field("vol", vol_name(sc.vol)).field("weight", sc.weight).field("pnl", r.scenario_pnl[i]).end_object();
  }
  w.end_array().end_object();
  if (!w.non_finite_key().empty()) {
    return Status::error(ErrorCode::NON_FINITE_RESULT, w.non_finite_key(),
                         "the Derive PM2 result held a non-finite " + w.non_finite_key() +
                             " and was withheld: a bug, please report it with the inputs");
  }
  out = w.str();
  return Status::success();
}

Status derive_pm2_json(const std::string& inputs, const std::string& params, std::string& out) {
  Pm2Portfolio portfolio;
  Pm2Params model;
  if (auto s = parse_derive_pm2_inputs(inputs, portfolio); !s.ok()) return s;
  if (auto s = parse_derive_pm2_params(params, model); !s.ok()) return s;
  return derive_pm2_result_to_json(derive_pm2_margin(portfolio, model), model, out);
}

}  // namespace marginkit
