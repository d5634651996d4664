#include "io/portfolio_model_json.hpp"

#include <cmath>

#include "common/checks.hpp"
#include "common/number_text.hpp"
#include "io/derive_pm2_json.hpp"
#include "io/portfolio_models.hpp"
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

// One vol shock's relative size, term powers and floor, shared by up and down.
Status read_vol_shocks(const Json& object, const std::string& path, ScenarioGridModel& model) {
  double up = model.vol_up.relative, down = -model.vol_down.relative, floor = model.vol_up.floor;
  double short_power = model.vol_up.short_term_power, long_power = model.vol_up.long_term_power;
  double dte_floor = model.vol_up.dte_floor_days;
  if (auto s = read_within(object, "volRangeUp", path, 0.0, 10.0, up); !s.ok()) return s;
  if (auto s = read_within(object, "volRangeDown", path, 0.0, 1.0, down); !s.ok()) return s;
  if (auto s = read_within(object, "minVolUp", path, 0.0, kMaxVolatility, floor); !s.ok()) return s;
  if (auto s = read_within(object, "shortTermPower", path, 0.0, 2.0, short_power); !s.ok()) return s;
  if (auto s = read_within(object, "longTermPower", path, 0.0, 2.0, long_power); !s.ok()) return s;
  if (auto s = read_within(object, "dteFloorDays", path, 1e-6, 365.0, dte_floor); !s.ok()) return s;
  model.vol_up = {up, 0.0, floor, short_power, long_power, dte_floor};
  model.vol_down = {-down, 0.0, 0.0, short_power, long_power, dte_floor};
  return Status::success();
}

// `patch` over `target` key by key: objects merge, anything else replaces (an array whole).
void merge_into(Json& target, const Json& patch) {
  for (const auto& item : patch.items()) {
    Json& slot = target[item.key()];
    if (item.value().is_object() && slot.is_object()) {
      merge_into(slot, item.value());
    } else {
      slot = item.value();
    }
  }
}

// 'derive-pm2': the shipped parameter set (portfolio-models/derive-pm2.json), with `object`'s
// params merged in key by key, read strictly.
Status read_derive_pm2_model(const Json* object, const std::string& path, PortfolioModel& out) {
  const std::string params_path = path + ".params";
  Json params;
  for (const EmbeddedPortfolioModel& shipped : embedded_portfolio_models()) {
    if (std::string(shipped.name) != "derive-pm2") continue;
    if (auto s = parse_json_document(shipped.params_json, params_path, params); !s.ok()) return s;
  }
  if (object) {
    if (auto s = require_known_keys(*object, path, {"name", "params"}); !s.ok()) return s;
    if (const Json* given = member(*object, "params")) {
      if (auto s = require_object(*given, params_path); !s.ok()) return s;
      merge_into(params, *given);
    }
  }
  auto model = std::make_shared<Pm2Params>();
  if (auto s = read_derive_pm2_params(params, params_path, *model); !s.ok()) return s;
  out = PortfolioModel{};
  out.derive_pm2 = std::move(model);
  return Status::success();
}

}  // namespace

Status read_portfolio_model(const Json& value, const std::string& path, PortfolioModel& out) {
  ScenarioGridModel model;  // 'deribit'
  const Json* object = value.is_object() ? &value : nullptr;
  std::string name = "deribit";
  if (value.is_string()) {
    name = value.get<std::string>();
  } else if (!object) {
    return invalid_type(path, "a model name ('deribit', 'derive-pm2') or an object");
  } else {
    if (auto s = read_string(*object, "name", path, name, false); !s.ok()) return s;
    if (name == "derive-pm2") return read_derive_pm2_model(object, path, out);
    if (auto s = require_known_keys(*object, path,
                                    {"name", "priceRange", "defaultPriceRange", "buckets", "volRangeUp", "volRangeDown",
                                     "minVolUp", "shortTermPower", "longTermPower", "dteFloorDays", "tailMoves",
                                     "tailFactor", "pnlOffset", "minAnnualisedMove", "mmFactor"});
        !s.ok()) {
      return s;
    }
    if (auto s = read_string(*object, "name", path, name, false); !s.ok()) return s;
  }
  if (name == "derive-pm2") return read_derive_pm2_model(nullptr, path, out);
  if (name != "deribit") return invalid_enum(object ? path + ".name" : path, name, "'deribit', 'derive-pm2'");
  if (!object) {
    out = PortfolioModel{};
    out.grid = model;
    return Status::success();
  }
  const Json& o = *object;
  if (const Json* ranges = member(o, "priceRange")) {
    const std::string p = path + ".priceRange";
    if (auto s = require_object(*ranges, p); !s.ok()) return s;
    for (const auto& item : ranges->items()) {
      double range = 0.0;
      if (auto s = read_within(*ranges, item.key().c_str(), p, 1e-4, 0.99, range); !s.ok()) return s;
      model.price_range[item.key()] = range;
    }
  }
  if (auto s = read_within(o, "defaultPriceRange", path, 1e-4, 0.99, model.default_price_range); !s.ok()) return s;
  double buckets = model.buckets;
  if (auto s = read_within(o, "buckets", path, 1.0, 50.0, buckets); !s.ok()) return s;
  if (buckets != std::floor(buckets)) {
    return Status::error(ErrorCode::OUT_OF_RANGE, path + ".buckets", path + ".buckets must be a whole number");
  }
  model.buckets = static_cast<int>(buckets);
  if (auto s = read_vol_shocks(o, path, model); !s.ok()) return s;
  if (const Json* tails = member(o, "tailMoves")) {
    const std::string p = path + ".tailMoves";
    if (!tails->is_array() || tails->size() > 64) return invalid_type(p, "an array of at most 64 moves");
    model.tail_moves.clear();
    for (std::size_t i = 0; i < tails->size(); ++i) {
      const std::string item = p + "[" + std::to_string(i) + "]";
      if (!(*tails)[i].is_number()) return invalid_type(item, "a number");
      const double move = (*tails)[i].get<double>();
      if (!(move > -1.0 && move <= 100.0 && move != 0.0)) {
        return Status::error(ErrorCode::OUT_OF_RANGE, item, item + " must lie within (-1, 100] and not be 0, got " +
                                                                format_number(move));
      }
      model.tail_moves.push_back(move);
    }
  }
  if (auto s = read_within(o, "tailFactor", path, 0.0, 10.0, model.tail_factor); !s.ok()) return s;
  if (auto s = read_within(o, "pnlOffset", path, 0.0, 1.0, model.pnl_offset); !s.ok()) return s;
  if (auto s = read_within(o, "minAnnualisedMove", path, 0.0, 1.0, model.min_annualised_move); !s.ok()) return s;
  if (auto s = read_within(o, "mmFactor", path, 1e-6, 1.0, model.mm_factor); !s.ok()) return s;
  out = PortfolioModel{};
  out.grid = model;
  return Status::success();
}

}  // namespace marginkit
