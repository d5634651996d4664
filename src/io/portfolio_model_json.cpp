#include "io/portfolio_model_json.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "common/checks.hpp"
#include "common/number_text.hpp"
#include "io/derive_pm2_json.hpp"
#include "io/embedded_sets.hpp"
#include "portfolio/derive_pm2.hpp"

namespace marginkit {

namespace {

// An optional number of `object` within [lo, hi], into `out` when given.
Status read_within(const Json& object, const char* key, const std::string& path, double lo, double hi, double& out) {
  double value = std::nan("");
  if (auto s = read_number(object, key, path, value, false); !s.ok()) return s;
  if (std::isnan(value)) return Status::success();
  const std::string field = path + "." + key;
  if (auto s = check_finite(value, field); !s.ok()) return s;
  if (value < lo || value > hi) {
    return Status::error(ErrorCode::OUT_OF_RANGE, field,
                         field + " must lie within [" + format_number(lo) + ", " + format_number(hi) + "], got " +
                             format_number(value));
  }
  out = value;
  return Status::success();
}

std::string item_path(const std::string& array, std::size_t i) { return array + "[" + std::to_string(i) + "]"; }

// A vol state: 'down', 'none' or 'up' (VolState -1, 0, 1).
Status vol_state_of(const Json& value, const std::string& field, VolState& out) {
  if (!value.is_string()) return invalid_type(field, "'down', 'none' or 'up'");
  const std::string text = value.get<std::string>();
  static const char* const kNames[] = {"down", "none", "up"};
  for (int k = 0; k < 3; ++k) {
    if (text == kNames[k]) {
      out = static_cast<VolState>(k - 1);
      return Status::success();
    }
  }
  return invalid_enum(field, text, "'down', 'none', 'up'");
}

// The grid: price ranges by underlying, buckets and each move's vol states.
Status read_grid(const Json& o, const std::string& path, ScenarioGridModel& model) {
  if (const Json* ranges = member(o, "priceRange")) {
    const std::string p = path + ".priceRange";
    if (auto s = require_object(*ranges, p); !s.ok()) return s;
    for (const auto& item : ranges->items()) {
      // null is "not given", as everywhere in the config: the named set's range stays (read as a
      // number it would have been a range of 0, no spot moves at all, without a word).
      if (item.value().is_null()) continue;
      double range = 0.0;
      if (auto s = read_within(*ranges, item.key().c_str(), p, 1e-4, 0.99, range); !s.ok()) return s;
      model.price_range[item.key()] = range;
    }
  }
  double buckets = model.buckets;
  if (auto s = read_within(o, "buckets", path, 1.0, 50.0, buckets); !s.ok()) return s;
  if (buckets != std::floor(buckets)) {
    return Status::error(ErrorCode::OUT_OF_RANGE, path + ".buckets", path + ".buckets must be a whole number");
  }
  model.buckets = static_cast<int>(buckets);
  if (const Json* vols = member(o, "gridVols")) {
    const std::string p = path + ".gridVols";
    if (!vols->is_array() || vols->empty() || vols->size() > 3) return invalid_type(p, "an array of 1 to 3 vol states");
    model.grid_vols = 0;
    for (std::size_t i = 0; i < vols->size(); ++i) {
      VolState vol = VolState::none;
      if (auto s = vol_state_of((*vols)[i], item_path(p, i), vol); !s.ok()) return s;
      model.grid_vols |= vol_bit(vol);
    }
  }
  return Status::success();
}

// The smallest tail move, in tailMovesIn units: a basis point of the index, or of a price range.
constexpr double kMinTailMove = 1e-4;

// The tail table: moves, their unit, vol state and whether futures count.
Status read_tails(const Json& o, const std::string& path, ScenarioGridModel& model) {
  if (const Json* tails = member(o, "tailMoves")) {
    const std::string p = path + ".tailMoves";
    if (!tails->is_array() || tails->size() > 64) return invalid_type(p, "an array of at most 64 moves");
    model.tail_moves.clear();
    for (std::size_t i = 0; i < tails->size(); ++i) {
      const std::string item = item_path(p, i);
      if (!(*tails)[i].is_number()) return invalid_type(item, "a number");
      const double move = (*tails)[i].get<double>();
      // At least 1e-4 from 0: a tail scenario's weight is tailFactor x (priceRange / |move|)^power,
      // and a move of 1e-308 made it, and the margin, infinite (found by fuzzing).
      if (!(std::fabs(move) >= kMinTailMove && std::fabs(move) <= 100.0)) {
        return Status::error(ErrorCode::OUT_OF_RANGE, item,
                             item + " must lie within [-100, -0.0001] or [0.0001, 100], got " + format_number(move));
      }
      model.tail_moves.push_back(move);
    }
  }
  if (const Json* unit = member(o, "tailMovesIn")) {
    const std::string p = path + ".tailMovesIn";
    if (!unit->is_string()) return invalid_type(p, "'index' or 'priceRange'");
    const std::string text = unit->get<std::string>();
    if (text != "index" && text != "priceRange") return invalid_enum(p, text, "'index', 'priceRange'");
    model.tail_moves_in_ranges = text == "priceRange";
  }
  if (const Json* vol = member(o, "tailVol")) {
    if (auto s = vol_state_of(*vol, path + ".tailVol", model.tail_vol); !s.ok()) return s;
  }
  return read_bool(o, "tailOptionsOnly", path, model.tail_options_only);
}

// Every tail move, in index terms for every price range, within (-1, 100]: the index stays positive.
Status check_tail_moves(const ScenarioGridModel& model, const std::string& path) {
  double widest = model.default_price_range;
  for (const auto& [underlying, range] : model.price_range) widest = std::max(widest, range);
  const double scale = model.tail_moves_in_ranges ? widest : 1.0;
  for (std::size_t i = 0; i < model.tail_moves.size(); ++i) {
    const double move = model.tail_moves[i] * scale;
    if (!(move > -1.0 && move <= 100.0)) {
      const std::string item = item_path(path + ".tailMoves", i);
      return Status::error(ErrorCode::OUT_OF_RANGE, item,
                           item + " must move the index within (-1, 100] at every priceRange");
    }
  }
  return Status::success();
}

// The plain numbers of a model object and their ranges: one table, one reader.
const struct {
  const char* key;
  double lo, hi;
  double ScenarioGridModel::*field;
} kNumbers[] = {
    {"defaultPriceRange", 1e-4, 0.99, &ScenarioGridModel::default_price_range},
    {"volRangeUp", 0.0, 10.0, &ScenarioGridModel::vol_range_up},
    {"volRangeDown", 0.0, 1.0, &ScenarioGridModel::vol_range_down},
    {"volPointsUp", 0.0, kMaxVolatility, &ScenarioGridModel::vol_points_up},
    {"volPointsDown", 0.0, kMaxVolatility, &ScenarioGridModel::vol_points_down},
    {"minVolUp", 0.0, kMaxVolatility, &ScenarioGridModel::min_vol_up},
    {"shortTermPower", 0.0, 2.0, &ScenarioGridModel::short_term_power},
    {"longTermPower", 0.0, 2.0, &ScenarioGridModel::long_term_power},
    {"dteFloorDays", 1e-6, 365.0, &ScenarioGridModel::dte_floor_days},
    {"tailFactor", 0.0, 10.0, &ScenarioGridModel::tail_factor},
    {"tailWeightPower", 0.0, 2.0, &ScenarioGridModel::tail_weight_power},
    {"pnlOffset", 0.0, 1.0, &ScenarioGridModel::pnl_offset},
    {"minAnnualisedMove", 0.0, 1.0, &ScenarioGridModel::min_annualised_move},
    {"shortOptionMinimum", 0.0, 1.0, &ScenarioGridModel::short_option_minimum},
    {"mmFactor", 1e-6, 1.0, &ScenarioGridModel::mm_factor},
};

// The keys of a model object, over `model`: a named set's, then config.portfolioModel's.
Status read_model_keys(const Json& o, const std::string& path, ScenarioGridModel& model) {
  if (auto s = require_known_keys(o, path,
                                  {"name", "priceRange", "defaultPriceRange", "buckets", "gridVols", "volRangeUp",
                                   "volRangeDown", "volPointsUp", "volPointsDown", "minVolUp", "shortTermPower",
                                   "longTermPower", "dteFloorDays", "tailMoves", "tailMovesIn", "tailVol", "tailFactor",
                                   "tailWeightPower", "tailOptionsOnly", "pnlOffset", "minAnnualisedMove",
                                   "shortOptionMinimum", "mmFactor"});
      !s.ok()) {
    return s;
  }
  if (auto s = read_grid(o, path, model); !s.ok()) return s;
  if (auto s = read_tails(o, path, model); !s.ok()) return s;
  for (const auto& n : kNumbers) {
    if (auto s = read_within(o, n.key, path, n.lo, n.hi, model.*n.field); !s.ok()) return s;
  }
  return Status::success();
}

// `patch` over `target` key by key: objects merge, anything else replaces (an array whole); null
// is "not given", as everywhere in the config, and keeps the target's. A key the target lacks is
// kept even when null, so that the strict reader after the merge refuses a misspelt key whatever
// its value (skipped, `{ skwe: null }` would have passed unseen).
void merge_into(Json& target, const Json& patch) {
  for (const auto& item : patch.items()) {
    if (item.value().is_null()) {
      if (target.is_object() && !target.contains(item.key())) target[item.key()] = nullptr;
      continue;
    }
    Json& slot = target[item.key()];
    if (item.value().is_object() && slot.is_object()) {
      merge_into(slot, item.value());
    } else {
      slot = item.value();
    }
  }
}

// 'derive-pm2': the shipped set's params (portfolio-models/derive-pm2.json) with `object`'s
// merged in key by key, read strictly as the model's parameters.
Status read_derive_pm2_model(const EmbeddedJsonSet& set, const Json* object, const std::string& path,
                             PortfolioModel& out) {
  const std::string set_path = std::string("portfolioModels.") + set.name;
  Json shipped;
  if (auto s = parse_json_document(set.json, set_path, shipped); !s.ok()) return s;
  Json params = shipped["params"];
  const std::string params_path = path + ".params";
  if (object) {
    if (auto s = require_known_keys(*object, path, {"name", "params"}); !s.ok()) return s;
    if (const Json* given = member(*object, "params")) {
      if (auto s = require_object(*given, params_path); !s.ok()) return s;
      merge_into(params, *given);
    }
  }
  auto model = std::make_shared<Pm2Params>();
  if (auto s = read_derive_pm2_params(params, params_path, *model); !s.ok()) return s;
  // (The model's own door takes an empty list, as its published format does; an account's
  // requirement would then be its contingencies alone.)
  if (model->scenarios.empty()) {
    return Status::error(ErrorCode::OUT_OF_RANGE, params_path + ".scenarios",
                         params_path + ".scenarios must hold at least one scenario");
  }
  out = PortfolioModel{};
  out.derive_pm2 = std::move(model);
  return Status::success();
}

}  // namespace

Status read_portfolio_model(const Json& value, const std::string& path, PortfolioModel& out) {
  const Json* object = value.is_object() ? &value : nullptr;
  std::string name = "deribit";
  if (value.is_string()) {
    name = value.get<std::string>();
  } else if (!object) {
    return invalid_type(path, "a model name ('deribit', 'span', 'derive-pm2') or an object");
  } else if (auto s = read_string(*object, "name", path, name, false); !s.ok()) {
    return s;
  }
  std::string names;
  for (const EmbeddedJsonSet& set : embedded_portfolio_models()) {
    if (name != set.name) {
      names += std::string(names.empty() ? "'" : ", '") + set.name + "'";
      continue;
    }
    if (name == "derive-pm2") return read_derive_pm2_model(set, object, path, out);
    // The named set (every key given: tests/native/portfolio_models_test.cpp), then the overrides.
    ScenarioGridModel model;
    Json parsed;
    const std::string set_path = std::string("portfolioModels.") + set.name;
    if (auto s = parse_json_document(set.json, set_path, parsed); !s.ok()) return s;
    if (auto s = read_model_keys(parsed, set_path, model); !s.ok()) return s;
    model.name = set.name;
    if (object) {
      if (auto s = read_model_keys(*object, path, model); !s.ok()) return s;
    }
    if (auto s = check_tail_moves(model, path); !s.ok()) return s;
    out = PortfolioModel{};
    out.grid = std::move(model);
    return Status::success();
  }
  return invalid_enum(object ? path + ".name" : path, name, names);
}

}  // namespace marginkit
