#include "io/json_input.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "common/checks.hpp"
#include "instruments/instrument_name.hpp"
#include "market/market_lookup.hpp"

namespace marginkit {

namespace {

using nlohmann::json;

Status invalid_type(const std::string& path, const std::string& expected) {
  return Status::error(ErrorCode::INVALID_TYPE, path, path + " must be " + expected);
}

Status parse_text(const std::string& text, const std::string& path, json& out) {
  // The SAX door with the plain DOM builder: json::parse would also compile the callback-filtering
  // builder (and std::vector<bool>), about 4 KB of wasm we never call.
  json result;
  nlohmann::detail::json_sax_dom_parser<json> builder(result, /*allow_exceptions_=*/false);
  if (!json::sax_parse(text, &builder) || result.is_discarded()) {
    return Status::error(ErrorCode::INVALID_JSON, path, path + " is not valid JSON");
  }
  out = std::move(result);
  return Status::success();
}

const json* member(const json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

Status read_number(const json& object, const char* key, const std::string& path, double& out,
                   bool required) {
  const json* value = member(object, key);
  const std::string field = path + "." + key;
  if (!value) {
    if (required) return Status::error(ErrorCode::MISSING_FIELD, field, field + " is required");
    return Status::success();
  }
  if (!value->is_number()) return invalid_type(field, "a number");
  out = value->get<double>();
  return check_finite(out, field);
}

Status read_string(const json& object, const char* key, const std::string& path, std::string& out,
                   bool required) {
  const json* value = member(object, key);
  const std::string field = path + "." + key;
  if (!value) {
    if (required) return Status::error(ErrorCode::MISSING_FIELD, field, field + " is required");
    return Status::success();
  }
  if (!value->is_string()) return invalid_type(field, "a string");
  out = value->get<std::string>();
  return Status::success();
}

Status require_object(const json& value, const std::string& path) {
  return value.is_object() ? Status::success() : invalid_type(path, "an object");
}

Status invalid_enum(const std::string& field, const std::string& value, const std::string& choices) {
  return Status::error(ErrorCode::INVALID_ENUM, field,
                       field + " must be one of " + choices + ", got '" + value + "'");
}

// A time: milliseconds since the epoch, an ISO date/time in UTC, or an expiry code (27DEC26).
Status read_time(const json& value, const std::string& field, TimestampMs& out) {
  if (value.is_number()) {
    const double ms = value.get<double>();
    if (!std::isfinite(ms) || ms < 0 || ms > 1e14) {
      return Status::error(ErrorCode::OUT_OF_RANGE, field, field + " must be milliseconds since 1970 (UTC)");
    }
    out = static_cast<TimestampMs>(ms);
    return Status::success();
  }
  if (value.is_string()) {
    const std::string text = value.get<std::string>();
    if (auto t = parse_iso_utc(text)) { out = *t; return Status::success(); }
    if (auto t = parse_expiry_code(text)) { out = *t; return Status::success(); }
    return Status::error(ErrorCode::INVALID_TYPE, field,
                         field + " must be an ISO date in UTC (2026-12-27T08:00:00Z), an expiry code (27DEC26) or milliseconds, got '" + text + "'");
  }
  return invalid_type(field, "a time (ISO string, expiry code or milliseconds)");
}

Status read_instrument(const json& value, const std::string& field, Instrument& out) {
  if (value.is_string()) return parse_instrument_name(value.get<std::string>(), field, out);
  if (auto s = require_object(value, field); !s.ok()) return s;
  Instrument instrument;
  std::string kind, settlement = "inverse", type;
  if (auto s = read_string(value, "kind", field, kind, true); !s.ok()) return s;
  if (auto s = read_string(value, "underlying", field, instrument.underlying, true); !s.ok()) return s;
  if (auto s = read_string(value, "settlement", field, settlement, false); !s.ok()) return s;
  if (kind == "option") instrument.kind = InstrumentKind::option;
  else if (kind == "future") instrument.kind = InstrumentKind::future;
  else if (kind == "perpetual") instrument.kind = InstrumentKind::perpetual;
  else if (kind == "spot") instrument.kind = InstrumentKind::spot;
  else return invalid_enum(field + ".kind", kind, "'option', 'future', 'perpetual', 'spot'");
  if (settlement == "linear") instrument.settlement = Settlement::linear;
  else if (settlement == "inverse") instrument.settlement = Settlement::inverse;
  else return invalid_enum(field + ".settlement", settlement, "'linear', 'inverse'");
  instrument.settlement_asset = instrument.is_inverse() ? instrument.underlying : "USDC";
  if (auto s = read_string(value, "settlementAsset", field, instrument.settlement_asset, false); !s.ok()) return s;
  if (instrument.has_expiry()) {
    const json* expiry = member(value, "expiry");
    if (!expiry) return Status::error(ErrorCode::MISSING_FIELD, field + ".expiry", field + ".expiry is required");
    if (auto s = read_time(*expiry, field + ".expiry", instrument.expiry); !s.ok()) return s;
  }
  if (instrument.is_option()) {
    if (auto s = read_string(value, "type", field, type, true); !s.ok()) return s;
    if (type == "call") instrument.option_type = OptionType::call;
    else if (type == "put") instrument.option_type = OptionType::put;
    else return invalid_enum(field + ".type", type, "'call', 'put'");
    if (auto s = read_number(value, "strike", field, instrument.strike, true); !s.ok()) return s;
    if (auto s = check_positive(instrument.strike, field + ".strike", kMinPrice, kMaxPrice); !s.ok()) return s;
  }
  // Through the name parser, so that both spellings meet the same rules and get one name.
  instrument.name = format_instrument_name(instrument);
  Instrument parsed;
  if (auto s = parse_instrument_name(instrument.name, field, parsed); !s.ok()) return s;
  parsed.settlement_asset = instrument.settlement_asset;
  out = parsed;
  return Status::success();
}

// { "27DEC26": number, ... } (keys: expiry codes or ISO times) -> (expiry, number) pairs, each
// number within [min_value, max_value].
Status read_expiry_map(const json& value, const std::string& field, double min_value,
                       double max_value, std::vector<std::pair<TimestampMs, double>>& out) {
  if (auto s = require_object(value, field); !s.ok()) return s;
  for (const auto& [expiry_text, number] : value.items()) {
    const std::string path = field + "." + expiry_text;
    TimestampMs expiry = 0;
    if (auto s = read_time(json(expiry_text), path, expiry); !s.ok()) return s;
    if (!number.is_number()) return invalid_type(path, "a number");
    const double x = number.get<double>();
    if (auto s = check_positive(x, path, min_value, max_value); !s.ok()) return s;
    out.emplace_back(expiry, x);
  }
  return Status::success();
}

Status read_vols(const json& value, const std::string& field, VolSurface& out) {
  if (value.is_number()) {
    out.flat_vol = value.get<double>();
    return check_positive(out.flat_vol, field, kMinVolatility, kMaxVolatility);
  }
  if (auto s = require_object(value, field); !s.ok()) return s;
  if (const json* atm = member(value, "atm")) {
    std::vector<std::pair<TimestampMs, double>> points;
    if (auto s = read_expiry_map(*atm, field + ".atm", kMinVolatility, kMaxVolatility, points); !s.ok()) return s;
    for (const auto& [expiry, vol] : points) out.atm.push_back(AtmVolPoint{expiry, vol});
  }
  if (const json* smile = member(value, "smile")) {
    if (!smile->is_array()) return invalid_type(field + ".smile", "an array of { expiry, strike, vol }");
    for (std::size_t i = 0; i < smile->size(); ++i) {
      const std::string path = field + ".smile[" + std::to_string(i) + "]";
      const json& item = (*smile)[i];
      if (auto s = require_object(item, path); !s.ok()) return s;
      SmileVolPoint point;
      const json* expiry = member(item, "expiry");
      if (!expiry) return Status::error(ErrorCode::MISSING_FIELD, path + ".expiry", path + ".expiry is required");
      if (auto s = read_time(*expiry, path + ".expiry", point.expiry); !s.ok()) return s;
      if (auto s = read_number(item, "strike", path, point.strike, true); !s.ok()) return s;
      if (auto s = check_positive(point.strike, path + ".strike", kMinPrice, kMaxPrice); !s.ok()) return s;
      if (auto s = read_number(item, "vol", path, point.vol, true); !s.ok()) return s;
      if (auto s = check_positive(point.vol, path + ".vol", kMinVolatility, kMaxVolatility); !s.ok()) return s;
      out.smile.push_back(point);
    }
    sort_smile(out.smile);
  }
  if (const json* flat = member(value, "flat")) {
    if (!flat->is_number()) return invalid_type(field + ".flat", "a number");
    out.flat_vol = flat->get<double>();
    if (auto s = check_positive(out.flat_vol, field + ".flat", kMinVolatility, kMaxVolatility); !s.ok()) return s;
  }
  return Status::success();
}

Status read_price_map(const json& value, const std::string& field, std::map<std::string, double>& out) {
  if (auto s = require_object(value, field); !s.ok()) return s;
  for (const auto& [key, price] : value.items()) {
    const std::string path = field + "." + key;
    if (!price.is_number()) return invalid_type(path, "a number");
    const double p = price.get<double>();
    if (auto s = check_positive(p, path, kMinPrice, kMaxPrice); !s.ok()) return s;
    out[key] = p;
  }
  return Status::success();
}

}  // namespace

Status parse_account_json(const std::string& text, Account& out) {
  json root;
  if (auto s = parse_text(text, "account", root); !s.ok()) return s;
  if (auto s = require_object(root, "account"); !s.ok()) return s;
  Account account;
  std::string mode = "cross";
  if (auto s = read_string(root, "mode", "account", mode, false); !s.ok()) return s;
  if (mode == "cross") account.mode = MarginMode::cross;
  else if (mode == "isolated") account.mode = MarginMode::isolated;
  else return invalid_enum("account.mode", mode, "'cross', 'isolated'");
  if (const json* collateral = member(root, "collateral")) {
    if (auto s = require_object(*collateral, "account.collateral"); !s.ok()) return s;
    for (const auto& [asset, amount] : collateral->items()) {
      const std::string path = "account.collateral." + asset;
      if (!amount.is_number()) return invalid_type(path, "a number (units of the asset)");
      CollateralBalance balance{asset, amount.get<double>()};
      if (auto s = check_bounded(balance.amount, path, kMaxPrice); !s.ok()) return s;
      account.collateral.push_back(balance);
    }
  }
  if (const json* positions = member(root, "positions")) {
    if (!positions->is_array()) return invalid_type("account.positions", "an array");
    for (std::size_t i = 0; i < positions->size(); ++i) {
      const std::string path = "account.positions[" + std::to_string(i) + "]";
      const json& item = (*positions)[i];
      if (auto s = require_object(item, path); !s.ok()) return s;
      Position position;
      const json* instrument = member(item, "instrument");
      if (!instrument) return Status::error(ErrorCode::MISSING_FIELD, path + ".instrument", path + ".instrument is required");
      if (auto s = read_instrument(*instrument, path + ".instrument", position.instrument); !s.ok()) return s;
      if (auto s = read_number(item, "size", path, position.size, true); !s.ok()) return s;
      if (auto s = check_bounded(position.size, path + ".size", kMaxPrice); !s.ok()) return s;
      if (auto s = read_number(item, "entryPrice", path, position.entry_price, true); !s.ok()) return s;
      if (auto s = check_positive(position.entry_price, path + ".entryPrice", kMinPrice, kMaxPrice); !s.ok()) return s;
      if (auto s = read_number(item, "isolatedMargin", path, position.isolated_margin, false); !s.ok()) return s;
      if (position.instrument.kind == InstrumentKind::spot) {
        return Status::error(ErrorCode::INVALID_INSTRUMENT, path + ".instrument",
                             "spot holdings belong in account.collateral, not positions");
      }
      for (const auto& other : account.positions) {
        if (other.instrument.name == position.instrument.name) {
          return Status::error(ErrorCode::DUPLICATE, path + ".instrument",
                               position.instrument.name + " appears twice in account.positions");
        }
      }
      account.positions.push_back(position);
    }
  }
  out = std::move(account);
  return Status::success();
}

Status parse_market_json(const std::string& text, MarketSnapshot& out) {
  json root;
  if (auto s = parse_text(text, "market", root); !s.ok()) return s;
  if (auto s = require_object(root, "market"); !s.ok()) return s;
  MarketSnapshot market;
  const json* time = member(root, "time");
  if (!time) return Status::error(ErrorCode::MISSING_FIELD, "market.time", "market.time (the valuation time) is required");
  if (auto s = read_time(*time, "market.time", market.valuation_time); !s.ok()) return s;
  const json* underlyings = member(root, "underlyings");
  if (!underlyings) return Status::error(ErrorCode::MISSING_FIELD, "market.underlyings", "market.underlyings is required");
  if (auto s = require_object(*underlyings, "market.underlyings"); !s.ok()) return s;
  for (const auto& [name, item] : underlyings->items()) {
    const std::string path = "market.underlyings." + name;
    if (auto s = require_object(item, path); !s.ok()) return s;
    UnderlyingMarket u;
    u.underlying = name;
    if (auto s = read_number(item, "index", path, u.index_price, true); !s.ok()) return s;
    if (auto s = check_positive(u.index_price, path + ".index", kMinPrice, kMaxPrice); !s.ok()) return s;
    if (auto s = read_number(item, "rate", path, u.rate, false); !s.ok()) return s;
    if (auto s = check_bounded(u.rate, path + ".rate", kMaxAbsRate); !s.ok()) return s;
    if (const json* forwards = member(item, "forwards")) {
      std::vector<std::pair<TimestampMs, double>> points;
      if (auto s = read_expiry_map(*forwards, path + ".forwards", kMinPrice, kMaxPrice, points); !s.ok()) return s;
      for (const auto& [expiry, price] : points) u.forwards.push_back(ForwardPoint{expiry, price});
    }
    if (const json* vol = member(item, "vol")) {
      if (auto s = read_vols(*vol, path + ".vol", u.vols); !s.ok()) return s;
    }
    market.underlyings[name] = u;
  }
  if (const json* marks = member(root, "markPrices")) {
    if (auto s = read_price_map(*marks, "market.markPrices", market.mark_prices); !s.ok()) return s;
  }
  if (const json* prices = member(root, "collateralPrices")) {
    if (auto s = read_price_map(*prices, "market.collateralPrices", market.collateral_prices); !s.ok()) return s;
  }
  out = std::move(market);
  return Status::success();
}

Status parse_orders_json(const std::string& text, std::vector<Order>& out) {
  json root;
  if (auto s = parse_text(text, "orders", root); !s.ok()) return s;
  const bool single = root.is_object();
  if (!single && !root.is_array()) return invalid_type("orders", "an order object or an array of them");
  const json list = single ? json::array({root}) : root;
  std::vector<Order> orders;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = "orders[" + std::to_string(i) + "]";
    const json& item = list[i];
    if (auto s = require_object(item, path); !s.ok()) return s;
    Order order;
    const json* instrument = member(item, "instrument");
    if (!instrument) return Status::error(ErrorCode::MISSING_FIELD, path + ".instrument", path + ".instrument is required");
    if (auto s = read_instrument(*instrument, path + ".instrument", order.instrument); !s.ok()) return s;
    std::string side;
    if (auto s = read_string(item, "side", path, side, true); !s.ok()) return s;
    if (side == "buy") order.side = OrderSide::buy;
    else if (side == "sell") order.side = OrderSide::sell;
    else return invalid_enum(path + ".side", side, "'buy', 'sell'");
    if (auto s = read_number(item, "size", path, order.size, true); !s.ok()) return s;
    if (auto s = check_positive(order.size, path + ".size", 1e-12, kMaxPrice); !s.ok()) return s;
    if (auto s = read_number(item, "price", path, order.price, false); !s.ok()) return s;
    if (auto s = read_number(item, "isolatedMargin", path, order.isolated_margin, false); !s.ok()) return s;
    orders.push_back(order);
  }
  out = std::move(orders);
  return Status::success();
}

namespace {

// config.positions: which per-position rows a preview carries.
Status read_position_rows(const json& root, const std::string& path, PositionRows& out) {
  if (!member(root, "positions")) return Status::success();
  std::string rows;
  if (auto s = read_string(root, "positions", path, rows, false); !s.ok()) return s;
  if (rows == "all") out = PositionRows::all;
  else if (rows == "changed") out = PositionRows::changed;
  else if (rows == "none") out = PositionRows::none;
  else return invalid_enum(path + ".positions", rows, "'all', 'changed', 'none'");
  return Status::success();
}

// A config or options object may hold only known keys: a misspelt option ("position") would
// otherwise do nothing, silently.
Status reject_unknown_keys(const json& root, const std::string& path, std::initializer_list<const char*> known) {
  for (const auto& item : root.items()) {
    bool listed = false;
    for (const char* key : known) listed = listed || item.key() == key;
    if (!listed) {
      std::string names;
      for (const char* key : known) names += std::string(names.empty() ? "" : ", ") + key;
      return Status::error(ErrorCode::UNSUPPORTED_FIELD, path + "." + item.key(),
                           path + "." + item.key() + " is not an option here (known: " + names + ")");
    }
  }
  return Status::success();
}

// What may change from one preview to the next: liquidationWarningPercent, sizeIncrement, positions.
Status read_preview_options(const json& root, const std::string& path, PreviewConfig& config) {
  if (auto s = read_number(root, "liquidationWarningPercent", path, config.liquidation_warning_percent, false); !s.ok()) return s;
  if (auto s = read_number(root, "sizeIncrement", path, config.size_increment, false); !s.ok()) return s;
  if (!std::isnan(config.size_increment)) {
    if (auto s = check_positive(config.size_increment, path + ".sizeIncrement", 1e-12, kMaxPrice); !s.ok()) return s;
  }
  return read_position_rows(root, path, config.position_rows);
}

}  // namespace

Status parse_preview_options_json(const std::string& text, const PreviewConfig& base, PreviewConfig& out) {
  PreviewConfig config = base;
  if (text.empty() || text == "null") {
    out = config;
    return Status::success();
  }
  json root;
  if (auto s = parse_text(text, "options", root); !s.ok()) return s;
  if (auto s = require_object(root, "options"); !s.ok()) return s;
  for (const char* fixed : {"warningRatio", "schedule", "liquidationLevels"}) {
    if (root.contains(fixed)) {
      return Status::error(ErrorCode::UNSUPPORTED_FIELD, std::string("options.") + fixed,
                           std::string(fixed) + " is fixed when the portfolio is made (mk.portfolio's config)");
    }
  }
  if (auto s = reject_unknown_keys(root, "options", {"liquidationWarningPercent", "sizeIncrement", "positions"});
      !s.ok()) {
    return s;
  }
  if (auto s = read_preview_options(root, "options", config); !s.ok()) return s;
  out = config;
  return Status::success();
}

Status parse_config_json(const std::string& text, PreviewConfig& out) {
  PreviewConfig config;
  if (text.empty() || text == "null") {
    out = config;
    return Status::success();
  }
  json root;
  if (auto s = parse_text(text, "config", root); !s.ok()) return s;
  if (auto s = require_object(root, "config"); !s.ok()) return s;
  if (auto s = reject_unknown_keys(root, "config", {"schedule", "warningRatio", "liquidationWarningPercent",
                                                    "sizeIncrement", "positions", "liquidationLevels"});
      !s.ok()) {
    return s;
  }
  if (auto s = read_number(root, "warningRatio", "config", config.risk.warning_ratio, false); !s.ok()) return s;
  if (auto s = check_positive(config.risk.warning_ratio, "config.warningRatio", 1e-6, 1.0); !s.ok()) return s;
  if (auto s = read_preview_options(root, "config", config); !s.ok()) return s;
  if (const json* levels = member(root, "liquidationLevels")) {
    if (!levels->is_boolean()) return invalid_type("config.liquidationLevels", "a boolean");
    config.liquidation_levels = levels->get<bool>();
  }
  if (const json* schedule = member(root, "schedule")) {
    const std::string path = "config.schedule";
    if (auto s = require_object(*schedule, path); !s.ok()) return s;
    if (auto s = reject_unknown_keys(*schedule, path, {"options", "futures"}); !s.ok()) return s;
    if (const json* options = member(*schedule, "options")) {
      const std::string p = path + ".options";
      if (auto s = require_object(*options, p); !s.ok()) return s;
      if (auto s = reject_unknown_keys(*options, p, {"initialBase", "initialFloor", "maintenanceRate", "putMarkRate"});
          !s.ok()) {
        return s;
      }
      auto& o = config.risk.schedule.options;
      for (auto [key, target] : {std::pair{"initialBase", &o.initial_base}, {"initialFloor", &o.initial_floor},
                                 {"maintenanceRate", &o.maintenance_rate}, {"putMarkRate", &o.put_mark_rate}}) {
        if (auto s = read_number(*options, key, p, *target, false); !s.ok()) return s;
        if (auto s = check_bounded(*target, p + "." + key, 10.0); !s.ok()) return s;
      }
    }
    if (const json* futures = member(*schedule, "futures")) {
      const std::string p = path + ".futures";
      if (auto s = require_object(*futures, p); !s.ok()) return s;
      if (auto s = reject_unknown_keys(*futures, p, {"initialRate", "maintenanceRate", "rateStep", "tierSize"}); !s.ok()) {
        return s;
      }
      auto& f = config.risk.schedule.futures;
      for (auto [key, target] : {std::pair{"initialRate", &f.initial_rate}, {"maintenanceRate", &f.maintenance_rate},
                                 {"rateStep", &f.rate_step}}) {
        if (auto s = read_number(*futures, key, p, *target, false); !s.ok()) return s;
        if (auto s = check_bounded(*target, p + "." + key, 10.0); !s.ok()) return s;
      }
      if (auto s = read_number(*futures, "tierSize", p, f.tier_size, false); !s.ok()) return s;
      if (auto s = check_positive(f.tier_size, p + ".tierSize", 1e-12, kMaxPrice); !s.ok()) return s;
    }
  }
  out = config;
  return Status::success();
}

}  // namespace marginkit
