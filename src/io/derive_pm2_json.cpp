#include "io/derive_pm2_json.hpp"

#include <cmath>
#include <set>
#include <tuple>
#include <utility>

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

// The numbers of one object of the format, as a table: one reading loop instead of a call per
// field keeps the wasm small.
enum class Check : unsigned char {
  range,  // within [lo, hi]
  price,  // > 0, within the engine's price limits (NON_POSITIVE at or below 0)
  whole,  // within [lo, hi] and a whole number (seconds)
};
struct NumberField {
  const char* key;
  double lo, hi;
  Check check = Check::range;
  bool optional = false;  // absent: out keeps its default
};

// `object` must hold only the keys of `fields` and `others`; its numbers go to out[i] (same order
// as fields), each checked.
Status read_numbers(const Json& object, const std::string& path, const NumberField* fields, std::size_t count,
                    double* out, std::initializer_list<const char*> others) {
  if (auto s = require_object(object, path); !s.ok()) return s;
  for (const auto& item : object.items()) {
    bool known = false;
    for (std::size_t i = 0; i < count; ++i) known = known || item.key() == fields[i].key;
    for (const char* key : others) known = known || item.key() == key;
    if (known) continue;
    std::string names;
    for (std::size_t i = 0; i < count; ++i) names += std::string(names.empty() ? "" : ", ") + fields[i].key;
    for (const char* key : others) names += std::string(names.empty() ? "" : ", ") + key;
    const std::string field = path + "." + item.key();
    return Status::error(ErrorCode::UNSUPPORTED_FIELD, field, field + " is not a field here (known: " + names + ")");
  }
  for (std::size_t i = 0; i < count; ++i) {
    const NumberField& f = fields[i];
    if (auto s = read_number(object, f.key, path, out[i], !f.optional); !s.ok()) return s;
    const std::string field = path + "." + f.key;
    if (f.check == Check::price) {
      if (auto s = check_positive(out[i], field, kMinPrice, kMaxPrice); !s.ok()) return s;
    } else if (out[i] < f.lo || out[i] > f.hi) {
      return out_of_range(field, out[i], "[" + format_number(f.lo) + ", " + format_number(f.hi) + "]");
    } else if (f.check == Check::whole && out[i] != std::floor(out[i])) {
      return invalid_type(field, "a whole number of seconds, got " + format_number(out[i]));
    }
  }
  return Status::success();
}

template <std::size_t N>
Status read_numbers(const Json& object, const std::string& path, const NumberField (&fields)[N], double (&out)[N],
                    std::initializer_list<const char*> others = {}) {
  return read_numbers(object, path, fields, N, out, others);
}

// A string member that must be one of `names`; out = its index.
Status read_enum(const Json& object, const char* key, const std::string& path, std::initializer_list<const char*> names,
                 int& out) {
  std::string text, choices;
  if (auto s = read_string(object, key, path, text, true); !s.ok()) return s;
  out = 0;
  for (const char* name : names) {
    if (text == name) return Status::success();
    choices += std::string(choices.empty() ? "'" : ", '") + name + "'";
    ++out;
  }
  return invalid_enum(path + "." + key, text, choices);
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

constexpr NumberField kSpotFields[] = {{"price", 0, 0, Check::price}, {"confidence", 0, 1}};
// The stable coin's confidence is not used by the model.
constexpr NumberField kStableFields[] = {{"price", 0, 0, Check::price}, {"confidence", 0, 1, Check::range, true}};
// discount = exp(-max(rate, 0) T): the model computes it; accepted, not used.
constexpr NumberField kExpiryFields[] = {
    {"expirySeconds", 0, kMaxSeconds, Check::whole}, {"forward", 0, 0, Check::price},
    {"forwardFixed", 0, kMaxPrice},                   {"rate", -kMaxAbsRate, kMaxAbsRate},
    {"discount", 0, 1, Check::range, true},          {"forwardConfidence", 0, 1},
    {"rateConfidence", 0, 1},                         {"volConfidence", 0, 1}};
// markDiscount: the expiry's discount; accepted, not used.
constexpr NumberField kOptionFields[] = {{"expirySeconds", 0, kMaxSeconds, Check::whole},
                                         {"strike", 0, 0, Check::price},
                                         {"amount", -kMaxAmount, kMaxAmount},
                                         {"markVol", 0, kMaxMarkVol},
                                         {"markDiscount", 0, 1, Check::range, true}};
constexpr NumberField kPerpFields[] = {{"amount", -kMaxAmount, kMaxAmount},
                                       {"price", 0, 0, Check::price},
                                       {"confidence", 0, 1},
                                       {"unrealisedPnl", -kMaxAmount, kMaxAmount},
                                       {"unrealisedFunding", -kMaxAmount, kMaxAmount}};
constexpr NumberField kCollateralFields[] = {{"amount", 0, kMaxAmount}, {"price", 0, kMaxPrice}, {"confidence", 0, 1},
                                             {"mmHaircut", 0, 1},      {"imHaircut", 0, 1}};

Status read_expiries(const Json& list, Pm2Portfolio& out) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = item_path("inputs", "expiries", i);
    double x[8] = {0, 0, 0, 0, 1};
    if (auto s = read_numbers(list[i], path, kExpiryFields, x); !s.ok()) return s;
    if (x[2] > x[1]) return out_of_range(path + ".forwardFixed", x[2], "[0, forward]");
    for (const Pm2Expiry& seen : out.expiries) {
      if (seen.expiry_seconds == x[0]) {
        return Status::error(ErrorCode::DUPLICATE, path + ".expirySeconds", path + ": this expiry is given twice");
      }
    }
    out.expiries.push_back({x[0], x[1], x[2], x[3], x[5], x[6], x[7], {}});
  }
  return Status::success();
}

// Options go to their expiry (by expirySeconds); a strike holds at most one call and one put.
Status read_options(const Json& list, Pm2Portfolio& out) {
  std::set<std::tuple<double, double, int>> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = item_path("inputs", "options", i);
    double x[5] = {0, 0, 0, 0, 1};
    int kind = 0;
    if (auto s = read_numbers(list[i], path, kOptionFields, x, {"kind"}); !s.ok()) return s;
    if (auto s = read_enum(list[i], "kind", path, {"call", "put"}, kind); !s.ok()) return s;
    std::size_t expiry = 0;  // a handful of expiries: a search beats a map's code in the wasm
    while (expiry < out.expiries.size() && out.expiries[expiry].expiry_seconds != x[0]) ++expiry;
    if (expiry == out.expiries.size()) {
      return Status::error(ErrorCode::MISSING_MARKET_DATA, path + ".expirySeconds",
                           path + ".expirySeconds: no entry of inputs.expiries has " + format_number(x[0]) + " s");
    }
    if (!seen.emplace(x[0], x[1], kind).second) {
      return Status::error(ErrorCode::DUPLICATE, path, path + ": an option of this kind, expiry and strike is given twice");
    }
    out.expiries[expiry].options.push_back({x[1], kind == 0 ? OptionType::call : OptionType::put, x[2], x[3]});
  }
  return Status::success();
}

Status read_collaterals(const Json& list, Pm2Portfolio& out) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Json& item = list[i];
    const std::string path = item_path("inputs", "collaterals", i);
    double x[5] = {};
    Pm2Collateral c;
    if (auto s = read_numbers(item, path, kCollateralFields, x, {"name", "riskCancelling"}); !s.ok()) return s;
    if (auto s = read_string(item, "name", path, c.name, false); !s.ok()) return s;
    const Json* cancelling = member(item, "riskCancelling");
    if (!cancelling) return missing_field(path + ".riskCancelling");
    if (!cancelling->is_boolean()) return invalid_type(path + ".riskCancelling", "true or false");
    c.risk_cancelling = cancelling->get<bool>();
    c.amount = x[0];
    c.price = x[1];
    c.confidence = x[2];
    c.mm_haircut = x[3];
    c.im_haircut = x[4];
    out.collaterals.push_back(c);
  }
  return Status::success();
}

Status read_inputs(const Json& in, Pm2Portfolio& out) {
  const std::string path = "inputs";
  constexpr NumberField kCash[] = {{"cash", -kMaxAmount, kMaxAmount, Check::range, true}};
  double cash[1] = {0};
  if (auto s = read_numbers(in, path, kCash, cash, {"spot", "stable", "expiries", "options", "perp", "collaterals"});
      !s.ok()) {
    return s;
  }
  out.cash = cash[0];
  const Json* child = nullptr;
  double spot[2], stable[2] = {0, 1}, perp[5];
  if (auto s = read_child(in, "spot", path, false, true, child); !s.ok()) return s;
  if (auto s = read_numbers(*child, path + ".spot", kSpotFields, spot); !s.ok()) return s;
  out.spot = spot[0];
  out.spot_confidence = spot[1];
  if (auto s = read_child(in, "stable", path, false, true, child); !s.ok()) return s;
  if (auto s = read_numbers(*child, path + ".stable", kStableFields, stable); !s.ok()) return s;
  out.stable_price = stable[0];
  if (auto s = read_child(in, "perp", path, false, false, child); !s.ok()) return s;
  if (child) {
    if (auto s = read_numbers(*child, path + ".perp", kPerpFields, perp); !s.ok()) return s;
    out.perp = Pm2Perp{perp[0], perp[1], perp[2], perp[3], perp[4]};
  }
  if (auto s = read_child(in, "expiries", path, true, false, child); !s.ok()) return s;
  if (child) {
    if (auto s = read_expiries(*child, out); !s.ok()) return s;
  }
  if (auto s = read_child(in, "options", path, true, false, child); !s.ok()) return s;
  if (child) {
    if (auto s = read_options(*child, out); !s.ok()) return s;
  }
  if (auto s = read_child(in, "collaterals", path, true, false, child); !s.ok()) return s;
  if (child) return read_collaterals(*child, out);
  return Status::success();
}

constexpr NumberField kScenarioFields[] = {{"spotShock", kMinSpotShock, kMaxParameter}, {"weight", 0, kMaxParameter}};

Status read_scenarios(const Json& list, const std::string& params_path, std::vector<Pm2Scenario>& out) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = item_path(params_path, "scenarios", i);
    double x[2] = {};
    int scenario_class = 0, vol = 0;
    if (auto s = read_numbers(list[i], path, kScenarioFields, x, {"class", "vol"}); !s.ok()) return s;
    if (auto s = read_enum(list[i], "class", path, {"regular", "tail", "skew"}, scenario_class); !s.ok()) return s;
    if (auto s = read_enum(list[i], "vol", path, {"up", "none", "down", "linear", "abs"}, vol); !s.ok()) return s;
    out.push_back({static_cast<Pm2ScenarioClass>(scenario_class), x[0], static_cast<Pm2VolMove>(vol), x[1]});
  }
  return Status::success();
}

// The parameter groups: every member required (the model has no built-in values).
constexpr double P = kMaxParameter;
constexpr NumberField kVolShockFields[] = {{"volRangeUp", 0, P},           {"volRangeDown", 0, P},
                                           {"shortTermPower", 0, kMaxPower}, {"longTermPower", 0, kMaxPower},
                                           {"dteFloorDays", 0, 36500},     {"minVolUpShock", 0, kMaxMarkVol}};
constexpr NumberField kLossFactorFields[] = {{"mm", 0, P}, {"im", 0, P}};
constexpr NumberField kStaticDiscountFields[] = {{"posBase", 0, P}, {"posRateMult", 0, kMaxRateScale},
                                                 {"posRateAdd", 0, kMaxRateScale}, {"negBase", 0, P},
                                                 {"negRateMult", 0, kMaxRateScale}, {"negRateAdd", 0, kMaxRateScale}};
constexpr NumberField kBasisFields[] = {{"spotShockUp", kMinSpotShock, P}, {"spotShockDown", kMinSpotShock, P},
                                        {"addFactor", 0, P}, {"multFactor", 0, P}};
constexpr NumberField kContingencyFields[] = {{"mmPerpFraction", 0, P},   {"imPerpFraction", 0, P},
                                              {"mmOptionFraction", 0, P}, {"imOptionFraction", 0, P},
                                              {"confThreshold", 0, 1},    {"confMargin", 0, P},
                                              {"pegLossThreshold", 0, P}, {"pegLossFactor", 0, P}};
constexpr NumberField kSkewFields[] = {{"linearCap", -P, P}, {"linearCapSlope", -P, P}, {"absCap", -P, P},
                                       {"absCapSlope", -P, P}, {"minKStar", 0, P},      {"widthScale", -P, P},
                                       {"volParamStatic", -P, P}, {"volParamScale", -P, P}};

template <std::size_t N>
Status read_group(const Json& params, const std::string& path, const char* key, const NumberField (&fields)[N],
                  double (&out)[N]) {
  const Json* group = nullptr;
  if (auto s = read_child(params, key, path, false, true, group); !s.ok()) return s;
  return read_numbers(*group, path + "." + key, fields, out);
}

}  // namespace

Status read_derive_pm2_params(const Json& in, const std::string& path, Pm2Params& out) {
  if (auto s = require_known_keys(in, path, {"scenarios", "volShock", "lossFactors", "staticDiscount", "basis",
                                                 "contingency", "skew"});
      !s.ok()) {
    return s;
  }
  const Json* scenarios = nullptr;
  if (auto s = read_child(in, "scenarios", path, true, true, scenarios); !s.ok()) return s;
  if (auto s = read_scenarios(*scenarios, path, out.scenarios); !s.ok()) return s;
  double v[6], l[2], d[6], b[4], c[8], k[8];
  if (auto s = read_group(in, path, "volShock", kVolShockFields, v); !s.ok()) return s;
  // The floor divides (30 days / max(seconds to expiry, floor)): at least one whole second.
  if (std::floor(v[4] * 86400.0) < 1.0) {
    return out_of_range(path + ".volShock.dteFloorDays", v[4], "[1 second (1/86400), 36500] days");
  }
  if (auto s = read_group(in, path, "lossFactors", kLossFactorFields, l); !s.ok()) return s;
  if (auto s = read_group(in, path, "staticDiscount", kStaticDiscountFields, d); !s.ok()) return s;
  if (auto s = read_group(in, path, "basis", kBasisFields, b); !s.ok()) return s;
  if (auto s = read_group(in, path, "contingency", kContingencyFields, c); !s.ok()) return s;
  if (auto s = read_group(in, path, "skew", kSkewFields, k); !s.ok()) return s;
  out.vol_shock = {v[0], v[1], v[2], v[3], v[4], v[5]};
  out.loss_factors = {l[0], l[1]};
  out.static_discount = {d[0], d[1], d[2], d[3], d[4], d[5]};
  out.basis = {b[0], b[1], b[2], b[3]};
  out.contingency = {c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]};
  out.skew = {k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7]};
  return Status::success();
}

namespace {

// Numbers by name, one writing loop for all: the wasm keeps one copy of the writer's code.
void write_numbers(JsonWriter& w, std::initializer_list<std::pair<const char*, double>> fields) {
  for (const auto& [name, value] : fields) w.field(name, value);
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
  return read_derive_pm2_params(document, "params", out);
}

Status derive_pm2_result_to_json(const Pm2Result& r, const Pm2Params& params, std::string& out) {
  JsonWriter w;
  w.begin_object();
  write_numbers(w, {{"mtm", r.mtm}, {"mm", r.mm}, {"im", r.im}});
  w.key("diagnostics").begin_object().field("binding", pm2_binding(r));
  write_optional(w, "worstScenario",
                 r.worst_scenario >= 0 ? std::optional<double>(r.worst_scenario) : std::optional<double>());
  write_numbers(w, {{"worstPnl", r.worst_pnl}, {"basisContingency", r.basis_contingency}});
  write_optional(w, "worstRegularPnl", r.worst_regular_pnl);
  write_optional(w, "worstTailPnl", r.worst_tail_pnl);
  write_optional(w, "worstSkewPnl", r.worst_skew_pnl);
  write_numbers(w, {{"optionMtm", r.option_mtm}, {"perpMtm", r.perp_mtm}, {"collateralMtm", r.collateral_mtm},
                    {"imFactor", r.im_factor}});
  const auto& mmc = r.mm_contingency;
  const auto& imc = r.im_contingency;
  w.key("mmContingency").begin_object();
  write_numbers(w, {{"perp", mmc.perp}, {"option", mmc.option}, {"collateral", mmc.collateral}});
  w.end_object().key("imContingency").begin_object();
  write_numbers(w, {{"perp", imc.perp}, {"option", imc.option}, {"collateral", imc.collateral},
                    {"confidence", imc.confidence}});
  w.end_object().key("perExpiry").begin_array();
  for (const Pm2ExpiryDiagnostics& e : r.per_expiry) {
    w.begin_object();
    write_numbers(w, {{"expirySeconds", e.expiry_seconds}, {"mtm", e.mtm}, {"volShockUp", e.vol_shock_up},
                      {"volShockDown", e.vol_shock_down}, {"staticDiscountPos", e.static_discount_pos},
                      {"staticDiscountNeg", e.static_discount_neg}, {"nakedShorts", e.naked_shorts}});
    w.end_object();
  }
  w.end_array().end_object().key("scenarios").begin_array();
  static constexpr const char* kClasses[] = {"regular", "tail", "skew"};
  static constexpr const char* kVolMoves[] = {"up", "none", "down", "linear", "abs"};
  for (std::size_t i = 0; i < params.scenarios.size() && i < r.scenario_pnl.size(); ++i) {
    const Pm2Scenario& sc = params.scenarios[i];
    w.begin_object().field("class", kClasses[static_cast<int>(sc.scenario_class)]).field("spotShock", sc.spot_shock);
    w.field("vol", kVolMoves[static_cast<int>(sc.vol)]).field("weight", sc.weight).field("pnl", r.scenario_pnl[i]);
    w.end_object();
  }
  w.end_array().end_object();
  if (!w.non_finite_key().empty()) {
    return Status::error(ErrorCode::NON_FINITE_RESULT, w.non_finite_key(),
                         "the Derive PM2 result held a non-finite " + w.non_finite_key() +
                             " and was withheld: a bug, please report it with the inputs");
  }
  out = w.take();
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
