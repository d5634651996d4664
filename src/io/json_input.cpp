#include "io/json_input.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <set>
#include <tuple>
#include <utility>

#include "common/checks.hpp"
#include "instruments/instrument_name.hpp"
#include "io/json_reader.hpp"
#include "io/portfolio_model_json.hpp"
#include "io/embedded_sets.hpp"
#include "market/market_lookup.hpp"

namespace marginkit {

namespace {

// A time: milliseconds since the epoch, an ISO date/time in UTC, or an expiry code (27DEC26).
// Only the syntax is checked here: see read_valuation_time and read_expiry for the ranges.
Status read_time(const Json& value, const std::string& field, TimestampMs& out) {
  if (value.is_number()) {
    const double ms = value.get<double>();
    if (auto s = check_finite(ms, field); !s.ok()) return s;
    if (std::fabs(ms) > 1e15) {
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

Status time_out_of_range(const std::string& field, TimestampMs time) {
  std::string message = field + " must lie within 2000-01-01 and 2100-01-01 UTC, in milliseconds since 1970; got " +
                        std::to_string(time);
  // A time in seconds (1.7e9) reads as January 1970 in milliseconds.
  if (time >= kMinTimestampMs / 1000 && time < kMaxTimestampMs / 1000) message += " (seconds? multiply by 1000)";
  return Status::error(ErrorCode::OUT_OF_RANGE, field, message);
}

Status read_valuation_time(const Json& value, const std::string& field, TimestampMs& out) {
  if (auto s = read_time(value, field, out); !s.ok()) return s;
  if (out < kMinTimestampMs || out >= kMaxTimestampMs) return time_out_of_range(field, out);
  return Status::success();
}

// An expiry of an instrument or of market data: before 2000 is long past (every valuation time is
// later), after 2100 beyond what venue names can say.
Status read_expiry(const Json& value, const std::string& field, TimestampMs& out) {
  if (auto s = read_time(value, field, out); !s.ok()) return s;
  if (out < kMinTimestampMs) {
    return Status::error(ErrorCode::INSTRUMENT_EXPIRED, field, field + " is before 2000: expired");
  }
  if (out >= kMaxTimestampMs) return time_out_of_range(field, out);
  return Status::success();
}

// An instrument by fields: checked by the same name parser as a name, so both spellings meet the
// same rules and get one canonical name; the expiry keeps the exact time given.
Status read_instrument_fields(const Json& value, const std::string& field, Instrument& out) {
  if (auto s = require_known_keys(value, field, {"kind", "underlying", "settlement", "settlementAsset", "expiry",
                                                 "type", "strike"});
      !s.ok()) {
    return s;
  }
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
  if (!is_asset_code(instrument.underlying)) {
    return Status::error(ErrorCode::INVALID_INSTRUMENT, field + ".underlying",
                         field + ".underlying must be 2-10 upper-case letters or digits, got '" +
                             instrument.underlying + "'");
  }
  // Units must agree: an inverse instrument settles in its own coin, a linear one in USDC or USDT.
  instrument.settlement_asset = instrument.is_inverse() ? instrument.underlying : "USDC";
  if (auto s = read_string(value, "settlementAsset", field, instrument.settlement_asset, false); !s.ok()) return s;
  if (instrument.is_inverse() && instrument.settlement_asset != instrument.underlying) {
    return invalid_enum(field + ".settlementAsset", instrument.settlement_asset,
                        "'" + instrument.underlying + "' (an inverse instrument settles in its coin)");
  }
  if (!instrument.is_inverse() && instrument.settlement_asset != "USDC" && instrument.settlement_asset != "USDT") {
    return invalid_enum(field + ".settlementAsset", instrument.settlement_asset, "'USDC', 'USDT'");
  }
  if (instrument.has_expiry()) {
    const Json* expiry = member(value, "expiry");
    if (!expiry) return missing_field(field + ".expiry");
    if (auto s = read_expiry(*expiry, field + ".expiry", instrument.expiry); !s.ok()) return s;
  } else if (member(value, "expiry")) {
    return Status::error(ErrorCode::UNSUPPORTED_FIELD, field + ".expiry", field + ".expiry: a " + kind + " has no expiry");
  }
  if (instrument.is_option()) {
    if (auto s = read_string(value, "type", field, type, true); !s.ok()) return s;
    if (type == "call") instrument.option_type = OptionType::call;
    else if (type == "put") instrument.option_type = OptionType::put;
    else return invalid_enum(field + ".type", type, "'call', 'put'");
    if (auto s = read_number(value, "strike", field, instrument.strike, true); !s.ok()) return s;
    if (auto s = check_positive(instrument.strike, field + ".strike", kMinPrice, kMaxPrice); !s.ok()) return s;
  } else {
    for (const char* option_only : {"type", "strike"}) {
      if (member(value, option_only)) {
        return Status::error(ErrorCode::UNSUPPORTED_FIELD, field + "." + option_only,
                             field + "." + option_only + " is for options only");
      }
    }
  }
  Instrument parsed;
  if (auto s = parse_instrument_name(format_instrument_name(instrument), field, parsed); !s.ok()) return s;
  parsed.expiry = instrument.expiry;
  out = std::move(parsed);
  return Status::success();
}

Status read_instrument(const Json& value, const std::string& field, Instrument& out) {
  if (value.is_string()) return parse_instrument_name(value.get<std::string>(), field, out);
  if (!value.is_object()) return invalid_type(field, "an instrument name or an object of instrument fields");
  return read_instrument_fields(value, field, out);
}

// { "27DEC26": number, ... } (keys: expiry codes or ISO times) -> (expiry, number) pairs, each
// number within [min_value, max_value]. Points at or before `valuation_time` are left out: nothing
// expiring then can be valued, and interpolating through them would read the past. The same
// expiry under two spellings is DUPLICATE.
Status read_expiry_map(const Json& value, const std::string& field, TimestampMs valuation_time, double min_value,
                       double max_value, std::vector<std::pair<TimestampMs, double>>& out) {
  if (auto s = require_object(value, field); !s.ok()) return s;
  std::set<TimestampMs> seen;
  for (const auto& [expiry_text, number] : value.items()) {
    const std::string path = field + "." + expiry_text;
    TimestampMs expiry = 0;
    if (auto s = read_time(Json(expiry_text), path, expiry); !s.ok()) return s;
    if (expiry >= kMaxTimestampMs) return time_out_of_range(path, expiry);
    if (!number.is_number()) return invalid_type(path, "a number");
    const double x = number.get<double>();
    if (auto s = check_positive(x, path, min_value, max_value); !s.ok()) return s;
    if (!seen.insert(expiry).second) {
      return Status::error(ErrorCode::DUPLICATE, path, path + ": this expiry is given twice under two spellings");
    }
    if (expiry > valuation_time) out.emplace_back(expiry, x);
  }
  return Status::success();
}

Status read_smile(const Json& smile, const std::string& field, TimestampMs valuation_time,
                  std::vector<SmileVolPoint>& out) {
  if (!smile.is_array()) return invalid_type(field, "an array of { expiry, strike, vol }");
  std::set<std::pair<TimestampMs, double>> seen;
  for (std::size_t i = 0; i < smile.size(); ++i) {
    const std::string path = field + "[" + std::to_string(i) + "]";
    const Json& item = smile[i];
    if (auto s = require_known_keys(item, path, {"expiry", "strike", "vol"}); !s.ok()) return s;
    SmileVolPoint point;
    const Json* expiry = member(item, "expiry");
    if (!expiry) return missing_field(path + ".expiry");
    if (auto s = read_time(*expiry, path + ".expiry", point.expiry); !s.ok()) return s;
    if (point.expiry >= kMaxTimestampMs) return time_out_of_range(path + ".expiry", point.expiry);
    if (auto s = read_number(item, "strike", path, point.strike, true); !s.ok()) return s;
    if (auto s = check_positive(point.strike, path + ".strike", kMinPrice, kMaxPrice); !s.ok()) return s;
    if (auto s = read_number(item, "vol", path, point.vol, true); !s.ok()) return s;
    if (auto s = check_positive(point.vol, path + ".vol", kMinVolatility, kMaxVolatility); !s.ok()) return s;
    if (!seen.insert({point.expiry, point.strike}).second) {
      return Status::error(ErrorCode::DUPLICATE, path, path + ": this expiry and strike are given twice");
    }
    if (point.expiry > valuation_time) out.push_back(point);  // past slices: see read_expiry_map
  }
  sort_smile(out);
  return Status::success();
}

Status read_vols(const Json& value, const std::string& field, TimestampMs valuation_time, VolSurface& out) {
  if (value.is_number()) {
    out.flat_vol = value.get<double>();
    return check_positive(out.flat_vol, field, kMinVolatility, kMaxVolatility);
  }
  if (auto s = require_known_keys(value, field, {"flat", "atm", "smile"}); !s.ok()) return s;
  if (const Json* atm = member(value, "atm")) {
    std::vector<std::pair<TimestampMs, double>> points;
    if (auto s = read_expiry_map(*atm, field + ".atm", valuation_time, kMinVolatility, kMaxVolatility, points);
        !s.ok()) {
      return s;
    }
    for (const auto& [expiry, vol] : points) out.atm.push_back(AtmVolPoint{expiry, vol});
  }
  if (const Json* smile = member(value, "smile")) {
    if (auto s = read_smile(*smile, field + ".smile", valuation_time, out.smile); !s.ok()) return s;
  }
  if (const Json* flat = member(value, "flat")) {
    if (!flat->is_number()) return invalid_type(field + ".flat", "a number");
    out.flat_vol = flat->get<double>();
    if (auto s = check_positive(out.flat_vol, field + ".flat", kMinVolatility, kMaxVolatility); !s.ok()) return s;
  }
  return Status::success();
}

// Marks by instrument name: keys are parsed as names and kept under their canonical spelling,
// so a mark given as '...-100000.0-C' reaches the position '...-100000-C'.
Status read_mark_prices(const Json& value, const std::string& field, std::map<std::string, double>& out) {
  if (auto s = require_object(value, field); !s.ok()) return s;
  for (const auto& [key, price] : value.items()) {
    const std::string path = field + "." + key;
    Instrument instrument;
    if (auto s = parse_instrument_name(key, path, instrument); !s.ok()) return s;
    if (!price.is_number()) return invalid_type(path, "a number");
    const double p = price.get<double>();
    if (auto s = check_positive(p, path, kMinPrice, kMaxPrice); !s.ok()) return s;
    if (!out.emplace(instrument.name, p).second) {
      return Status::error(ErrorCode::DUPLICATE, path, path + ": a mark for " + instrument.name + " is given twice");
    }
  }
  return Status::success();
}

// Prices (or balances) by asset code: USDC, BTC, ...
Status read_asset_map(const Json& value, const std::string& field, bool positive,
                      std::vector<std::pair<std::string, double>>& out) {
  if (auto s = require_object(value, field); !s.ok()) return s;
  for (const auto& [asset, number] : value.items()) {
    const std::string path = field + "." + asset;
    if (!is_asset_code(asset)) {
      return Status::error(ErrorCode::INVALID_ENUM, path,
                           path + ": an asset code is 2-10 upper-case letters or digits (USDC, BTC)");
    }
    if (!number.is_number()) return invalid_type(path, "a number");
    const double x = number.get<double>();
    if (auto s = positive ? check_positive(x, path, kMinPrice, kMaxPrice) : check_bounded(x, path, kMaxAmount);
        !s.ok()) {
      return s;
    }
    out.emplace_back(asset, x);
  }
  return Status::success();
}

// An isolated margin, in the settlement currency, within kMaxAmount: an order's > 0 (it adds),
// a position's >= 0 (a long option, paid for, holds none).
Status read_isolated_margin(const Json& item, const std::string& path, double& out, bool zero_allowed = false) {
  if (auto s = read_number(item, "isolatedMargin", path, out, false); !s.ok()) return s;
  if (std::isnan(out) || (zero_allowed && out == 0.0)) return Status::success();
  return check_positive(out, path + ".isolatedMargin", 0.0, kMaxAmount);
}

Status read_position(const Json& item, const std::string& path, MarginMode mode, Position& out) {
  if (auto s = require_known_keys(item, path, {"instrument", "size", "entryPrice", "isolatedMargin"}); !s.ok()) {
    return s;
  }
  Position position;
  const Json* instrument = member(item, "instrument");
  if (!instrument) return missing_field(path + ".instrument");
  if (auto s = read_instrument(*instrument, path + ".instrument", position.instrument); !s.ok()) return s;
  if (position.instrument.kind == InstrumentKind::spot) {
    return Status::error(ErrorCode::INVALID_INSTRUMENT, path + ".instrument",
                         "spot holdings belong in account.collateral, not positions");
  }
  if (auto s = read_number(item, "size", path, position.size, true); !s.ok()) return s;
  if (auto s = check_bounded(position.size, path + ".size", kMaxAmount); !s.ok()) return s;
  if (auto s = read_number(item, "entryPrice", path, position.entry_price, true); !s.ok()) return s;
  if (auto s = check_positive(position.entry_price, path + ".entryPrice", kMinPrice, kMaxPrice); !s.ok()) return s;
  if (auto s = read_isolated_margin(item, path, position.isolated_margin, true); !s.ok()) return s;
  if (mode != MarginMode::isolated && !std::isnan(position.isolated_margin)) {
    return Status::error(ErrorCode::UNSUPPORTED_FIELD, path + ".isolatedMargin",
                         path + ".isolatedMargin is for isolated accounts (account.mode 'isolated')");
  }
  out = std::move(position);
  return Status::success();
}

}  // namespace

Status parse_instrument_json(const std::string& text, Instrument& out) {
  Json root;
  if (auto s = parse_json_document(text, "instrument", root); !s.ok()) return s;
  return read_instrument(root, "instrument", out);
}

Status parse_account_json(const std::string& text, Account& out, const std::string& path) {
  Json root;
  if (auto s = parse_json_document(text, path, root); !s.ok()) return s;
  if (auto s = require_known_keys(root, path, {"mode", "collateral", "positions"}); !s.ok()) return s;
  Account account;
  std::string mode = kMarginModeNames[0];
  if (auto s = read_string(root, "mode", path, mode, false); !s.ok()) return s;
  const auto named = std::find(std::begin(kMarginModeNames), std::end(kMarginModeNames), mode);
  if (named == std::end(kMarginModeNames)) return invalid_enum(path + ".mode", mode, "'cross', 'isolated', 'portfolio'");
  account.mode = static_cast<MarginMode>(named - std::begin(kMarginModeNames));
  if (const Json* collateral = member(root, "collateral")) {
    std::vector<std::pair<std::string, double>> balances;
    if (auto s = read_asset_map(*collateral, path + ".collateral", false, balances); !s.ok()) return s;
    for (const auto& [asset, amount] : balances) account.collateral.push_back(CollateralBalance{asset, amount});
  }
  if (const Json* positions = member(root, "positions")) {
    const std::string list = path + ".positions";
    if (!positions->is_array()) return invalid_type(list, "an array");
    account.positions.reserve(positions->size());
    std::set<std::string> names;  // canonical names: one instrument spelt two ways is a duplicate
    for (std::size_t i = 0; i < positions->size(); ++i) {
      const std::string item = list + "[" + std::to_string(i) + "]";
      Position position;
      if (auto s = read_position((*positions)[i], item, account.mode, position); !s.ok()) return s;
      if (!names.insert(position.instrument.name).second) {
        return Status::error(ErrorCode::DUPLICATE, item + ".instrument",
                             position.instrument.name + " appears twice in " + list);
      }
      account.positions.push_back(std::move(position));
    }
  }
  out = std::move(account);
  return Status::success();
}

Status parse_market_json(const std::string& text, MarketSnapshot& out) {
  Json root;
  if (auto s = parse_json_document(text, "market", root); !s.ok()) return s;
  if (auto s = require_known_keys(root, "market", {"time", "underlyings", "markPrices", "collateralPrices"}); !s.ok()) {
    return s;
  }
  MarketSnapshot market;
  const Json* time = member(root, "time");
  if (!time) return missing_field("market.time");
  if (auto s = read_valuation_time(*time, "market.time", market.valuation_time); !s.ok()) return s;
  const Json* underlyings = member(root, "underlyings");
  if (!underlyings) return missing_field("market.underlyings");
  if (auto s = require_object(*underlyings, "market.underlyings"); !s.ok()) return s;
  for (const auto& [name, item] : underlyings->items()) {
    const std::string path = "market.underlyings." + name;
    if (!is_asset_code(name)) {
      return Status::error(ErrorCode::INVALID_ENUM, path, path + ": an underlying is 2-10 upper-case letters or digits (BTC)");
    }
    if (auto s = require_known_keys(item, path, {"index", "forwards", "rate", "vol"}); !s.ok()) return s;
    UnderlyingMarket u;
    u.underlying = name;
    if (auto s = read_number(item, "index", path, u.index_price, true); !s.ok()) return s;
    if (auto s = check_positive(u.index_price, path + ".index", kMinPrice, kMaxPrice); !s.ok()) return s;
    if (auto s = read_number(item, "rate", path, u.rate, false); !s.ok()) return s;
    if (auto s = check_bounded(u.rate, path + ".rate", kMaxAbsRate); !s.ok()) return s;
    if (const Json* forwards = member(item, "forwards")) {
      std::vector<std::pair<TimestampMs, double>> points;
      if (auto s = read_expiry_map(*forwards, path + ".forwards", market.valuation_time, kMinPrice, kMaxPrice, points);
          !s.ok()) {
        return s;
      }
      for (const auto& [expiry, price] : points) u.forwards.push_back(ForwardPoint{expiry, price});
    }
    if (const Json* vol = member(item, "vol")) {
      if (auto s = read_vols(*vol, path + ".vol", market.valuation_time, u.vols); !s.ok()) return s;
    }
    market.underlyings[name] = std::move(u);
  }
  if (const Json* marks = member(root, "markPrices")) {
    if (auto s = read_mark_prices(*marks, "market.markPrices", market.mark_prices); !s.ok()) return s;
  }
  if (const Json* prices = member(root, "collateralPrices")) {
    std::vector<std::pair<std::string, double>> list;
    if (auto s = read_asset_map(*prices, "market.collateralPrices", true, list); !s.ok()) return s;
    market.collateral_prices.insert(list.begin(), list.end());
  }
  out = std::move(market);
  return Status::success();
}

Status parse_orders_json(const std::string& text, std::vector<Order>& out) {
  // One order object is orders[0], in the errors of the JSON reader too.
  const auto first = text.find_first_not_of(" \t\r\n");
  const bool one_object = first != std::string::npos && text[first] == '{';
  Json root;
  if (auto s = parse_json_document(text, "orders", root, one_object ? "orders[0]" : "orders"); !s.ok()) return s;
  const bool single = root.is_object();
  if (!single && !root.is_array()) return invalid_type("orders", "an order object or an array of them");
  const std::size_t count = single ? 1 : root.size();
  std::vector<Order> orders;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string path = "orders[" + std::to_string(i) + "]";
    const Json& item = single ? root : root[i];
    if (auto s = require_known_keys(item, path, {"instrument", "side", "size", "price", "isolatedMargin", "leverage"}); !s.ok()) {
      return s;
    }
    Order order;
    const Json* instrument = member(item, "instrument");
    if (!instrument) return missing_field(path + ".instrument");
    if (auto s = read_instrument(*instrument, path + ".instrument", order.instrument); !s.ok()) return s;
    std::string side;
    if (auto s = read_string(item, "side", path, side, true); !s.ok()) return s;
    if (side == "buy") order.side = OrderSide::buy;
    else if (side == "sell") order.side = OrderSide::sell;
    else return invalid_enum(path + ".side", side, "'buy', 'sell'");
    if (auto s = read_number(item, "size", path, order.size, true); !s.ok()) return s;
    if (auto s = check_positive(order.size, path + ".size", 1e-12, kMaxAmount); !s.ok()) return s;
    if (auto s = read_number(item, "price", path, order.price, false); !s.ok()) return s;
    if (!std::isnan(order.price)) {
      if (auto s = check_positive(order.price, path + ".price", kMinPrice, kMaxPrice); !s.ok()) return s;
    }
    if (auto s = read_isolated_margin(item, path, order.isolated_margin); !s.ok()) return s;
    if (auto s = read_number(item, "leverage", path, order.leverage, false); !s.ok()) return s;
    if (!std::isnan(order.leverage)) {
      if (auto s = check_positive(order.leverage, path + ".leverage", kMinLeverage, kMaxLeverage); !s.ok()) return s;
    }
    orders.push_back(order);
  }
  out = std::move(orders);
  return Status::success();
}

namespace {

// config.positions: which per-position rows a preview carries.
Status read_position_rows(const Json& root, const std::string& path, PositionRows& out) {
  if (!member(root, "positions")) return Status::success();
  std::string rows;
  if (auto s = read_string(root, "positions", path, rows, false); !s.ok()) return s;
  if (rows == "all") out = PositionRows::all;
  else if (rows == "changed") out = PositionRows::changed;
  else if (rows == "none") out = PositionRows::none;
  else return invalid_enum(path + ".positions", rows, "'all', 'changed', 'none'");
  return Status::success();
}

// What may change from one preview to the next: liquidationWarningPercent, sizeIncrement,
// positions, accountAfter.
Status read_preview_options(const Json& root, const std::string& path, PreviewConfig& config) {
  if (auto s = read_number(root, "liquidationWarningPercent", path, config.liquidation_warning_percent, false); !s.ok()) {
    return s;
  }
  const std::string warning = path + ".liquidationWarningPercent";
  if (config.liquidation_warning_percent < 0 || config.liquidation_warning_percent > kMaxLiquidationWarningPercent) {
    return Status::error(ErrorCode::OUT_OF_RANGE, warning,
                         warning + " must lie within [0, " + format_number(kMaxLiquidationWarningPercent) + "], got " +
                             format_number(config.liquidation_warning_percent));
  }
  if (auto s = read_number(root, "sizeIncrement", path, config.size_increment, false); !s.ok()) return s;
  if (!std::isnan(config.size_increment)) {
    if (auto s = check_positive(config.size_increment, path + ".sizeIncrement", 1e-12, kMaxAmount); !s.ok()) return s;
  }
  if (auto s = read_position_rows(root, path, config.position_rows); !s.ok()) return s;
  return read_bool(root, "accountAfter", path, config.account_after);
}

// Margin schedule coefficients are rates in [0, kMaxScheduleCoefficient]: none negative, so no
// combination of them can make a margin negative.
Status check_coefficient(double value, const std::string& field) {
  if (value < 0 || value > kMaxScheduleCoefficient) {
    return Status::error(ErrorCode::OUT_OF_RANGE, field,
                         field + " must lie within [0, " + format_number(kMaxScheduleCoefficient) + "], got " +
                             format_number(value));
  }
  return Status::success();
}

Status read_coefficient(const Json& object, const char* key, const std::string& path, double& out,
                        bool required = false) {
  if (auto s = read_number(object, key, path, out, required); !s.ok()) return s;
  return check_coefficient(out, path + "." + key);
}

// An optional string member that must be one of two choices: `out` becomes 0 or 1, the values of
// the enum it is read into (one function for all of them: the wasm carries it once).
Status read_choice(const Json& object, const char* key, const std::string& path, const char* first,
                   const char* second, signed char& out) {
  if (!member(object, key)) return Status::success();
  std::string text;
  if (auto s = read_string(object, key, path, text, true); !s.ok()) return s;
  if (text != first && text != second) {
    return invalid_enum(path + "." + key, text, std::string("'") + first + "', '" + second + "'");
  }
  out = text == first ? 0 : 1;
  return Status::success();
}

template <typename Enum>
Status read_choice(const Json& object, const char* key, const std::string& path, const char* first,
                   const char* second, Enum& out) {
  signed char value = static_cast<signed char>(out);
  if (auto s = read_choice(object, key, path, first, second, value); !s.ok()) return s;
  out = static_cast<Enum>(value);
  return Status::success();
}

Status read_option_rule(const Json& options, const std::string& p, OptionMarginRule& o) {
  if (auto s = require_known_keys(options, p, {"initialBase", "initialFloor", "otmRate", "maintenanceRate",
                                               "putMarkRate", "callMarkRate", "liquidationFeeRate",
                                               "putMaintenanceMultiple", "callMaintenanceMultiple", "referencePrice",
                                               "premiumBasis"});
      !s.ok()) {
    return s;
  }
  for (auto [key, target] : {std::pair{"initialBase", &o.initial_base}, {"initialFloor", &o.initial_floor},
                             {"otmRate", &o.otm_rate}, {"maintenanceRate", &o.maintenance_rate},
                             {"putMarkRate", &o.put_mark_rate}, {"callMarkRate", &o.call_mark_rate},
                             {"liquidationFeeRate", &o.liquidation_fee_rate},
                             {"putMaintenanceMultiple", &o.put_maintenance_multiple},
                             {"callMaintenanceMultiple", &o.call_maintenance_multiple}}) {
    if (auto s = read_coefficient(options, key, p, *target); !s.ok()) return s;
  }
  if (auto s = read_choice(options, "referencePrice", p, "forward", "index", o.reference); !s.ok()) return s;
  return read_choice(options, "premiumBasis", p, "mark", "maxEntryMark", o.premium_basis);
}

// futures.tiers: brackets in increasing order of upTo, with rates in [0, 10] that never fall
// from one bracket to the next (more size never needs less margin).
Status read_tiers(const Json& value, const std::string& field, std::vector<FuturesTier>& out) {
  if (!value.is_array()) return invalid_type(field, "an array of { upTo, initialRate, maintenanceRate }");
  if (value.size() > kMaxFuturesTiers) {
    return Status::error(ErrorCode::OUT_OF_RANGE, field,
                         field + " may hold at most " + std::to_string(kMaxFuturesTiers) + " brackets, got " +
                             std::to_string(value.size()));
  }
  std::vector<FuturesTier> tiers;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string path = field + "[" + std::to_string(i) + "]";
    const Json& item = value[i];
    if (auto s = require_known_keys(item, path, {"upTo", "initialRate", "maintenanceRate"}); !s.ok()) return s;
    FuturesTier tier;
    if (auto s = read_number(item, "upTo", path, tier.up_to, true); !s.ok()) return s;
    if (auto s = check_positive(tier.up_to, path + ".upTo", kMinPrice, kMaxAmount); !s.ok()) return s;
    if (auto s = read_coefficient(item, "initialRate", path, tier.initial_rate, true); !s.ok()) return s;
    if (auto s = read_coefficient(item, "maintenanceRate", path, tier.maintenance_rate, true); !s.ok()) return s;
    if (!tiers.empty()) {
      const FuturesTier& before = tiers.back();
      const std::string previous = field + "[" + std::to_string(i - 1) + "]";
      if (!(tier.up_to > before.up_to)) {
        return Status::error(ErrorCode::OUT_OF_RANGE, path + ".upTo",
                             path + ".upTo must exceed " + previous + ".upTo (" + format_number(before.up_to) +
                                 "): brackets in increasing order, none overlapping; got " +
                                 format_number(tier.up_to));
      }
      for (auto [key, rate, rate_before] :
           {std::tuple{"initialRate", tier.initial_rate, before.initial_rate},
            {"maintenanceRate", tier.maintenance_rate, before.maintenance_rate}}) {
        if (rate < rate_before) {
          return Status::error(ErrorCode::OUT_OF_RANGE, path + "." + key,
                               path + "." + key + " must not be below " + previous + "." + key + " (" +
                                   format_number(rate_before) + "): a larger position never needs less margin; got " +
                                   format_number(rate));
        }
      }
    }
    tiers.push_back(tier);
  }
  out = std::move(tiers);
  return Status::success();
}

Status read_futures_rule(const Json& futures, const std::string& p, FuturesMarginRule& f) {
  if (auto s = require_known_keys(futures, p, {"initialRate", "maintenanceRate", "rateStep", "tierSize", "tiers",
                                               "tierUnit", "tierMode"});
      !s.ok()) {
    return s;
  }
  for (auto [key, target] : {std::pair{"initialRate", &f.initial_rate}, {"maintenanceRate", &f.maintenance_rate},
                             {"rateStep", &f.rate_step}}) {
    if (auto s = read_coefficient(futures, key, p, *target); !s.ok()) return s;
  }
  if (auto s = read_number(futures, "tierSize", p, f.tier_size, false); !s.ok()) return s;
  if (auto s = check_positive(f.tier_size, p + ".tierSize", 1e-12, kMaxAmount); !s.ok()) return s;
  if (const Json* tiers = member(futures, "tiers")) {
    if (auto s = read_tiers(*tiers, p + ".tiers", f.tiers); !s.ok()) return s;
  }
  if (auto s = read_choice(futures, "tierUnit", p, "coins", "usd", f.tier_unit); !s.ok()) return s;
  if (auto s = read_choice(futures, "tierMode", p, "whole", "marginal", f.tier_mode); !s.ok()) return s;
  // The linear add-on and a tier table are two ways of margining futures: keys of the one not in
  // force are refused rather than ignored (over a profile's table, `tiers: []` restores the add-on).
  const bool tiered = !f.tiers.empty();
  for (const char* key : {"initialRate", "maintenanceRate", "rateStep", "tierSize", "tierUnit", "tierMode"}) {
    const bool linear_key = std::string(key).rfind("tier", 0) != 0 || std::string(key) == "tierSize";
    if (member(futures, key) && linear_key == tiered) {
      const std::string field = p + "." + key;
      return Status::error(ErrorCode::UNSUPPORTED_FIELD, field,
                           tiered ? field + " does not apply with a tier table (" + p +
                                        ".tiers); give tiers: [] for the linear add-on"
                                  : field + " applies to a tier table (" + p + ".tiers), and none is given");
    }
  }
  return Status::success();
}

Status read_schedule(const Json& schedule, const std::string& path, MarginSchedule& out) {
  if (auto s = require_known_keys(schedule, path, {"options", "futures"}); !s.ok()) return s;
  if (const Json* options = member(schedule, "options")) {
    if (auto s = read_option_rule(*options, path + ".options", out.options); !s.ok()) return s;
  }
  if (const Json* futures = member(schedule, "futures")) {
    if (auto s = read_futures_rule(*futures, path + ".futures", out.futures); !s.ok()) return s;
  }
  return Status::success();
}

// config.profile: a venue's schedule, compiled in from profiles/*.json (io/embedded_sets.hpp) and read
// by read_schedule like any config.schedule.
Status read_profile(const Json& root, MarginSchedule& out) {
  if (!member(root, "profile")) return Status::success();
  std::string name;
  if (auto s = read_string(root, "profile", "config", name, true); !s.ok()) return s;
  std::string names;
  for (const EmbeddedJsonSet& profile : embedded_profiles()) {
    if (name == profile.name) {
      Json schedule;
      const std::string path = std::string("profiles.") + profile.name + ".schedule";
      if (auto s = parse_json_document(profile.json, path, schedule); !s.ok()) return s;
      MarginSchedule parsed;
      if (auto s = read_schedule(schedule, path, parsed); !s.ok()) return s;
      out = std::move(parsed);
      return Status::success();
    }
    names += std::string(names.empty() ? "'" : ", '") + profile.name + "'";
  }
  return invalid_enum("config.profile", name, names);
}

}  // namespace

Status parse_preview_options_json(const std::string& text, const PreviewConfig& base, PreviewConfig& out) {
  PreviewConfig config = base;
  if (text.empty() || text == "null") {
    out = config;
    return Status::success();
  }
  Json root;
  if (auto s = parse_json_document(text, "options", root); !s.ok()) return s;
  if (auto s = require_object(root, "options"); !s.ok()) return s;
  for (const char* fixed : {"warningRatio", "profile", "schedule", "liquidationLevels", "portfolioModel"}) {
    if (root.contains(fixed)) {
      return Status::error(ErrorCode::UNSUPPORTED_FIELD, std::string("options.") + fixed,
                           std::string(fixed) + " is fixed when the account is prepared (mk.prepare's config)");
    }
  }
  if (auto s = require_known_keys(root, "options", {"liquidationWarningPercent", "sizeIncrement", "positions",
                                                    "accountAfter"});
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
  Json root;
  if (auto s = parse_json_document(text, "config", root); !s.ok()) return s;
  if (auto s = require_known_keys(root, "config", {"profile", "schedule", "warningRatio", "liquidationWarningPercent",
                                                   "sizeIncrement", "positions", "accountAfter",
                                                   "liquidationLevels", "portfolioModel"});
      !s.ok()) {
    return s;
  }
  if (auto s = read_number(root, "warningRatio", "config", config.risk.warning_ratio, false); !s.ok()) return s;
  if (auto s = check_positive(config.risk.warning_ratio, "config.warningRatio", 1e-6, 1.0); !s.ok()) return s;
  if (auto s = read_preview_options(root, "config", config); !s.ok()) return s;
  if (auto s = read_bool(root, "liquidationLevels", "config", config.liquidation_levels); !s.ok()) return s;
  if (auto s = read_profile(root, config.risk.schedule); !s.ok()) return s;
  if (const Json* schedule = member(root, "schedule")) {
    if (auto s = read_schedule(*schedule, "config.schedule", config.risk.schedule); !s.ok()) return s;
  }
  if (const Json* model = member(root, "portfolioModel")) {
    if (auto s = read_portfolio_model(*model, "config.portfolioModel", config.risk.portfolio); !s.ok()) return s;
  }
  out = config;
  return Status::success();
}

}  // namespace marginkit
