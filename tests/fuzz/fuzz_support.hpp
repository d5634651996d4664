#pragma once
// Shared by the libFuzzer targets in tests/fuzz (one .cpp per JSON entry point, see
// tests/fuzz/CMakeLists.txt): the sample request the targets fill in around the fuzzed document,
// and the invariants every successful call must meet. A broken invariant prints what broke, the
// output and the inputs, then aborts, which libFuzzer reports as a crash and saves the input.
//
// Invariants on outputs (account risk and previews, web/marginkit.d.ts):
//   - the text is JSON (nlohmann's strict parser) and an object;
//   - no null where a number belongs (the writer turns non-finite numbers into null): null is
//     allowed only for rejectReason, an isolated row's liquidationPrice (none in the searched
//     range) and, when equityUsd <= 0, marginRatio / initialMarginRatio / leverage. Negative zero ("-0.0": today a position opened at its mark has unrealizedPnlUsd
//     -0) is the number 0 to JS and is checked only with MARGINKIT_FUZZ_NO_NEGATIVE_ZERO=1 in the
//     environment;
//   - initial and maintenance margins (totals and per position) and notionals are >= 0, ratios
//     >= 0; statuses, warning codes and reject reasons are the documented names;
//   - liquidation levels: index > 0, prices > 0, 'below' prices at or under the index and
//     'above' ones at or over it, liquidation prices sorted; margin-call and warning prices within
//     the searched [index / 100, 100 x index] and at most one on each side (liquidation prices
//     may lie outside: isolated linear futures and perpetuals have a closed form,
//     liquidation_price.hpp);
//   - previews: accepted exactly when rejectReason is null, topUp.usd == 0 when accepted and
//     >= 0 always, topUp.amount >= 0, sizeIncrement > 0, 0 <= maxSize <= 1e12 (+ one step) and a
//     multiple of sizeIncrement.
// Invariants on parsed inputs: every number the parser let through lies within the bounds the
// parser itself checks (common/checks.hpp), instrument names round-trip parse_instrument_name
// (one instrument, one name), no duplicate positions, and an instrument given as an object keeps
// the UTC day of its expiry (the parser moves it to the venue's 08:00 through the name).
//
// nlohmann/json is used as the core uses it: JSON_NOEXCEPTION (set in CMakeLists.txt, as on
// marginkit_core), parse without exceptions, types checked before every read.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/checks.hpp"
#include "instruments/instrument_name.hpp"
#include "io/json_api.hpp"
#include "io/json_input.hpp"
#include "market/market_lookup.hpp"

namespace marginkit::fuzz {

// The request of examples/sample-account.json (cross account on BTC and ETH: inverse and linear
// options, a dated future, a perpetual), with a config and preview options that change the
// defaults. Targets that fuzz one document take the others from here.
inline const std::string kSampleAccount =
    R"({"mode":"cross","collateral":{"USDC":60000,"BTC":0.6,"ETH":4},"positions":[)"
    R"({"instrument":"BTC-26DEC26-100000-C","size":-2,"entryPrice":0.052},)"
    R"({"instrument":"BTC-26DEC26-90000-P","size":1.5,"entryPrice":0.031},)"
    R"({"instrument":"BTC_USDC-26MAR27-120000-C","size":-1,"entryPrice":5300},)"
    R"({"instrument":"BTC-26MAR27","size":50000,"entryPrice":99500},)"
    R"({"instrument":"ETH_USDC-26DEC26-3500-P","size":-10,"entryPrice":230},)"
    R"({"instrument":"ETH-26MAR27-4500-C","size":12,"entryPrice":0.07},)"
    R"({"instrument":"ETH_USDC-PERPETUAL","size":-8,"entryPrice":3650}]})";
inline const std::string kSampleMarket =
    R"({"time":"2026-11-24T08:00:00Z","underlyings":{)"
    R"("BTC":{"index":98000,"forwards":{"26DEC26":98400,"26MAR27":99800},"vol":{"atm":{"26DEC26":0.52,"26MAR27":0.55}}},)"
    R"("ETH":{"index":3600,"forwards":{"26DEC26":3612,"26MAR27":3660},"vol":0.68}}})";
inline const std::string kSampleOrders = R"({"instrument":"BTC-26DEC26-110000-C","side":"sell","size":3})";
inline const std::string kSampleConfig = R"({"warningRatio":0.7,"liquidationWarningPercent":5})";
inline const std::string kSampleOptions = R"({"positions":"changed","sizeIncrement":0.1})";

inline std::string as_text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// The inputs of the call under test, printed when an invariant breaks.
struct Inputs {
  std::vector<std::pair<const char*, std::string>> documents;
};
inline Inputs*& current_inputs() {
  static Inputs* inputs = nullptr;
  return inputs;
}
struct ScopedInputs {
  Inputs inputs;
  explicit ScopedInputs(std::initializer_list<std::pair<const char*, std::string>> docs) : inputs{docs} {
    current_inputs() = &inputs;
  }
  ~ScopedInputs() { current_inputs() = nullptr; }
};

[[noreturn]] inline void fail(const std::string& what, const std::string& output = "") {
  std::fprintf(stderr, "\n=== marginkit fuzz invariant broken: %s\n", what.c_str());
  if (!output.empty()) {
    const std::size_t shown = output.size() < 6000 ? output.size() : 6000;
    std::fprintf(stderr, "--- output (%zu bytes%s):\n%.*s\n", output.size(), shown < output.size() ? ", cut" : "",
                 static_cast<int>(shown), output.data());
  }
  if (const Inputs* inputs = current_inputs()) {
    for (const auto& [name, text] : inputs->documents) {
      std::fprintf(stderr, "--- %s (%zu bytes):\n%.*s\n", name, text.size(), static_cast<int>(text.size()), text.data());
    }
  }
  std::fflush(stderr);
  std::abort();
}

#define MK_FUZZ_CHECK(condition, what) \
  do {                                 \
    if (!(condition)) ::marginkit::fuzz::fail(std::string(what) + "  [" #condition "]"); \
  } while (0)

// A door's status: ok, or a coded refusal of the input. INTERNAL and NON_FINITE_RESULT are the
// engine withholding a result it got wrong (a negative margin, a non-finite number): a bug.
inline bool succeeded(const Status& status) {
  MK_FUZZ_CHECK(status.code != ErrorCode::INTERNAL && status.code != ErrorCode::NON_FINITE_RESULT,
                "the engine withheld a wrong result: " + status.field + ": " + status.message);
  return status.ok();
}

// ---------------------------------------------------------------------------------------------
// Outputs.

using nlohmann::json;

class OutputChecker {
 public:
  explicit OutputChecker(const std::string& text) : text_(text) {}

  void check(bool condition, const std::string& path, const std::string& what) const {
    if (!condition) fail(path + ": " + what, text_);
  }

  json parse() const {
    json root = json::parse(text_, nullptr, /*allow_exceptions=*/false);
    check(!root.is_discarded(), "output", "is not valid JSON");
    check(root.is_object(), "output", "is not a JSON object");
    return root;
  }

  // Every null and every number in the tree (see the header comment).
  void numbers(const json& value, const std::string& path) const {
    if (value.is_object()) {
      for (const auto& item : value.items()) {
        const std::string child = path + "." + item.key();
        if (item.value().is_null()) {
          check(is_nullable(item.key()), child, "null where a number belongs (a non-finite value)");
        }
        numbers(item.value(), child);
      }
    } else if (value.is_array()) {
      for (std::size_t i = 0; i < value.size(); ++i) numbers(value[i], path + "[" + std::to_string(i) + "]");
    } else if (value.is_number_float()) {
      const double x = value.get<double>();
      check(std::isfinite(x), path, "non-finite number");
      if (reject_negative_zero()) check(!(x == 0.0 && std::signbit(x)), path, "negative zero (-0)");
    }
  }

  double number(const json& object, const char* key, const std::string& path) const {
    const auto it = object.find(key);
    check(it != object.end(), path + "." + key, "missing");
    check(it->is_number(), path + "." + key, "not a number");
    return it->get<double>();
  }
  const json& member(const json& object, const char* key, const std::string& path) const {
    const auto it = object.find(key);
    check(it != object.end(), path + "." + key, "missing");
    return *it;
  }
  std::string string(const json& object, const char* key, const std::string& path) const {
    const json& value = member(object, key, path);
    check(value.is_string(), path + "." + key, "not a string");
    return value.get<std::string>();
  }
  void one_of(const std::string& value, std::initializer_list<const char*> names, const std::string& path) const {
    for (const char* name : names) {
      if (value == name) return;
    }
    check(false, path, "unexpected value '" + value + "'");
  }

  // AccountRisk (before, after, or the top level of account risk).
  void risk(const json& r, const std::string& path) const {
    check(r.is_object(), path, "not an object");
    one_of(string(r, "status", path), {"healthy", "warning", "margin_call", "liquidation"}, path + ".status");
    const double equity = number(r, "equityUsd", path);
    check(number(r, "initialMarginUsd", path) >= 0.0, path + ".initialMarginUsd", "negative");
    check(number(r, "maintenanceMarginUsd", path) >= 0.0, path + ".maintenanceMarginUsd", "negative");
    for (const char* key : {"collateralUsd", "unrealizedPnlUsd", "optionsValueUsd", "availableMarginUsd"}) {
      number(r, key, path);
    }
    const double margins[] = {number(r, "maintenanceMarginUsd", path), number(r, "initialMarginUsd", path)};
    const char* ratio_keys[] = {"marginRatio", "initialMarginRatio", "leverage"};
    for (int k = 0; k < 3; ++k) {
      const char* key = ratio_keys[k];
      const json& ratio = member(r, key, path);
      if (ratio.is_null()) {
        // No finite ratio: equity <= 0, or a margin over an equity so small that it overflows.
        // Leverage's numerator, gross notional, is not in the output (rows may be left out): an
        // equity below 1e-280 lets any notional up to 1e28 USD overflow it (5e10 USD over an
        // equity of exactly 1e-300 did).
        const bool overflows = k < 2 && equity > 0.0 && !std::isfinite(margins[k] / equity);
        check(equity <= 0.0 || overflows || (k == 2 && equity < 1e-280), path + "." + key,
              "null although equityUsd > 0 and the ratio is finite");
      } else {
        check(ratio.is_number() && ratio.get<double>() >= 0.0, path + "." + key, "not a number >= 0");
      }
    }
    const json& greeks = member(r, "greeks", path);
    check(greeks.is_array(), path + ".greeks", "not an array");
    for (std::size_t i = 0; i < greeks.size(); ++i) {
      const std::string p = path + ".greeks[" + std::to_string(i) + "]";
      for (const char* key : {"index", "deltaCoins", "deltaUsd", "gammaPerUsd", "gammaUsdPer1Pct", "vegaUsd",
                              "thetaUsdPerDay"}) {
        number(greeks[i], key, p);
      }
    }
    const json& positions = member(r, "positions", path);
    check(positions.is_array(), path + ".positions", "not an array");
    for (std::size_t i = 0; i < positions.size(); ++i) {
      const std::string p = path + ".positions[" + std::to_string(i) + "]";
      const json& row = positions[i];
      check(!string(row, "instrument", p).empty(), p + ".instrument", "empty");
      one_of(string(row, "status", p), {"healthy", "warning", "margin_call", "liquidation"}, p + ".status");
      check(number(row, "initialMarginUsd", p) >= 0.0, p + ".initialMarginUsd", "negative");
      check(number(row, "maintenanceMarginUsd", p) >= 0.0, p + ".maintenanceMarginUsd", "negative");
      check(number(row, "notionalUsd", p) >= 0.0, p + ".notionalUsd", "negative");
      for (const char* key : {"size", "mark", "valueUsd", "unrealizedPnlUsd", "deltaCoins", "gammaPerUsd", "vegaUsd",
                              "thetaUsdPerDay", "isolatedEquityUsd"}) {
        number(row, key, p);
      }
      const auto liquidation = row.find("liquidationPrice");
      if (liquidation != row.end() && !liquidation->is_null()) {
        check(liquidation->is_number() && liquidation->get<double>() > 0.0, p + ".liquidationPrice", "not a price > 0");
      }
    }
    const json& currencies = member(r, "currencies", path);
    check(currencies.is_array(), path + ".currencies", "not an array");
    for (std::size_t i = 0; i < currencies.size(); ++i) {
      const std::string p = path + ".currencies[" + std::to_string(i) + "]";
      check(!string(currencies[i], "currency", p).empty(), p + ".currency", "empty");
      check(number(currencies[i], "index", p) > 0.0, p + ".index", "not > 0");
      check(number(currencies[i], "initialMargin", p) >= 0.0, p + ".initialMargin", "negative");
      check(number(currencies[i], "maintenanceMargin", p) >= 0.0, p + ".maintenanceMargin", "negative");
      for (const char* key : {"balance", "equity", "availableMargin"}) number(currencies[i], key, p);
    }
  }

  // searched: margin-call and warning levels (one per side at most, within the search range);
  // else liquidation levels (sorted).
  void price_levels(const json& levels, double index, const std::string& path, bool searched) const {
    check(levels.is_array(), path, "not an array");
    int below = 0, above = 0;
    double previous = 0.0;
    for (std::size_t i = 0; i < levels.size(); ++i) {
      const std::string p = path + "[" + std::to_string(i) + "]";
      const double price = number(levels[i], "price", p);
      const double distance = number(levels[i], "distancePercent", p);
      const std::string direction = string(levels[i], "direction", p);
      one_of(direction, {"below", "above"}, p + ".direction");
      check(price > 0.0, p + ".price", "not > 0");
      // Searched over [index / 100, 100 x index]; a little slack for the solver's last step.
      if (searched) {
        check(price >= index / 100.0 * (1 - 1e-9) && price <= index * 100.0 * (1 + 1e-9), p + ".price",
              "outside the searched [index / 100, 100 x index]");
      }
      if (direction == "below") {
        ++below;
        check(price <= index && distance <= 0.0, p, "'below' but at a price over the index");
      } else {
        ++above;
        check(price >= index && distance >= 0.0, p, "'above' but at a price under the index");
      }
      if (!searched && i > 0) check(price >= previous, p + ".price", "not sorted");
      previous = price;
    }
    if (searched) check(below <= 1 && above <= 1, path, "more than one price on a side");
  }

  void liquidation(const json& all, const std::string& path) const {
    check(all.is_array(), path, "not an array");
    for (std::size_t i = 0; i < all.size(); ++i) {
      const std::string p = path + "[" + std::to_string(i) + "]";
      const json& levels = all[i];
      check(!string(levels, "underlying", p).empty(), p + ".underlying", "empty");
      const double index = number(levels, "index", p);
      check(index > 0.0, p + ".index", "not > 0");
      price_levels(member(levels, "liquidation", p), index, p + ".liquidation", false);
      price_levels(member(levels, "marginCall", p), index, p + ".marginCall", true);
      price_levels(member(levels, "warning", p), index, p + ".warning", true);
    }
  }

 private:
  static bool reject_negative_zero() {
    static const bool on = [] {
      const char* flag = std::getenv("MARGINKIT_FUZZ_NO_NEGATIVE_ZERO");
      return flag != nullptr && std::strcmp(flag, "1") == 0;
    }();
    return on;
  }
  static bool is_nullable(const std::string& key) {
    return key == "rejectReason" || key == "marginRatio" || key == "initialMarginRatio" || key == "leverage" ||
           key == "liquidationPrice";
  }

  const std::string& text_;
};

// account_risk_json / prepared_risk_json output.
inline void check_risk_output(const std::string& text) {
  OutputChecker c(text);
  const json root = c.parse();
  c.numbers(root, "risk");
  c.risk(root, "risk");
  c.liquidation(c.member(root, "liquidation", "risk"), "risk.liquidation");
}

// preview_json / prepared_preview_json output.
inline void check_preview_output(const std::string& text) {
  OutputChecker c(text);
  const json root = c.parse();
  c.numbers(root, "preview");
  const json& accepted = c.member(root, "accepted", "preview");
  c.check(accepted.is_boolean(), "preview.accepted", "not a boolean");
  const json& reason = c.member(root, "rejectReason", "preview");
  if (accepted.get<bool>()) {
    c.check(reason.is_null(), "preview.rejectReason", "set although accepted");
  } else {
    c.check(reason.is_string(), "preview.rejectReason", "null although not accepted");
    c.one_of(reason.get<std::string>(), {"INSUFFICIENT_INITIAL_MARGIN", "WOULD_TRIGGER_LIQUIDATION", "INSUFFICIENT_BALANCE"},
             "preview.rejectReason");
  }
  const json& warnings = c.member(root, "warnings", "preview");
  c.check(warnings.is_array(), "preview.warnings", "not an array");
  for (std::size_t i = 0; i < warnings.size(); ++i) {
    const std::string p = "preview.warnings[" + std::to_string(i) + "]";
    c.one_of(c.string(warnings[i], "code", p),
             {"INSUFFICIENT_INITIAL_MARGIN", "WOULD_TRIGGER_MARGIN_CALL", "WOULD_TRIGGER_LIQUIDATION",
              "MARGIN_RATIO_WARNING", "LIQUIDATION_PRICE_WITHIN_X_PERCENT", "REDUCES_RISK", "INCREASES_RISK",
              "FLIPS_POSITION", "INSUFFICIENT_BALANCE"},
             p + ".code");
    c.string(warnings[i], "message", p);
  }
  c.risk(c.member(root, "before", "preview"), "preview.before");
  c.risk(c.member(root, "after", "preview"), "preview.after");
  const json& change = c.member(root, "change", "preview");
  for (const char* key : {"equityUsd", "initialMarginUsd", "maintenanceMarginUsd", "availableMarginUsd"}) {
    c.number(change, key, "preview.change");
  }
  c.liquidation(c.member(root, "liquidationBefore", "preview"), "preview.liquidationBefore");
  c.liquidation(c.member(root, "liquidationAfter", "preview"), "preview.liquidationAfter");
  const double increment = c.number(root, "sizeIncrement", "preview");
  const double max_size = c.number(root, "maxSize", "preview");
  c.check(increment > 0.0, "preview.sizeIncrement", "not > 0");
  c.check(max_size >= 0.0 && max_size <= 1e12 + increment, "preview.maxSize", "outside [0, 1e12]");
  const double steps = max_size / increment;
  c.check(std::fabs(steps - std::round(steps)) <= 1e-6 * std::fmax(1.0, steps), "preview.maxSize",
          "not a multiple of sizeIncrement");
  const json& top_up = c.member(root, "topUp", "preview");
  const double usd = c.number(top_up, "usd", "preview.topUp");
  c.check(usd >= 0.0, "preview.topUp.usd", "negative");
  c.check(c.number(top_up, "amount", "preview.topUp") >= 0.0, "preview.topUp.amount", "negative");
  c.string(top_up, "asset", "preview.topUp");
  if (accepted.get<bool>()) c.check(usd == 0.0, "preview.topUp.usd", "not 0 although accepted");
}

// ---------------------------------------------------------------------------------------------
// Parsed inputs.

inline bool within(double x, double lo, double hi) { return std::isfinite(x) && x >= lo && x <= hi; }

inline void check_instrument(const Instrument& instrument, const std::string& path) {
  MK_FUZZ_CHECK(!instrument.name.empty(), path + ": empty name");
  MK_FUZZ_CHECK(!instrument.underlying.empty(), path + ": empty underlying");
  MK_FUZZ_CHECK(!instrument.settlement_asset.empty(), path + ": empty settlement asset");
  Instrument again;
  const Status s = parse_instrument_name(instrument.name, path, again);
  MK_FUZZ_CHECK(s.ok(), path + ": its name '" + instrument.name + "' does not parse: " + s.message);
  MK_FUZZ_CHECK(again.kind == instrument.kind && again.settlement == instrument.settlement &&
                    again.underlying == instrument.underlying && again.expiry == instrument.expiry,
                path + ": '" + instrument.name + "' parses to another instrument");
  MK_FUZZ_CHECK(format_instrument_name(again) == instrument.name, path + ": '" + instrument.name + "' does not round-trip");
  if (instrument.has_expiry()) MK_FUZZ_CHECK(instrument.expiry > 0, path + ": expiry <= 0");
  if (instrument.is_option()) {
    MK_FUZZ_CHECK(again.option_type == instrument.option_type && again.strike == instrument.strike,
                  path + ": '" + instrument.name + "' parses to another option");
    MK_FUZZ_CHECK(within(instrument.strike, kMinPrice, kMaxPrice), path + ": strike out of bounds");
  }
}

// Instruments given as objects ({ kind, underlying, expiry, ... }) in `items` (positions or
// orders, in parse order): the parsed expiry is on the UTC day the input named.
template <class Item>
void check_expiry_days(const std::string& text, const char* list_key, const std::vector<Item>& parsed,
                       const std::string& path) {
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) fail(path + ": the parser accepted text nlohmann's DOM parser refuses");
  const json* list = &root;
  if (list_key != nullptr) {
    if (!root.is_object() || !root.contains(list_key)) return;
    list = &root[list_key];
  }
  json single = json::array();
  if (list->is_object()) {
    single.push_back(*list);
    list = &single;
  }
  if (!list->is_array() || list->size() != parsed.size()) return;
  constexpr TimestampMs kMsPerDay = 86400000;
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    const json& item = (*list)[i];
    if (!item.is_object() || !item.contains("instrument") || !item["instrument"].is_object()) continue;
    const json& instrument = item["instrument"];
    if (!instrument.contains("expiry") || !parsed[i].instrument.has_expiry()) continue;
    const json& expiry = instrument["expiry"];
    std::optional<TimestampMs> given;
    if (expiry.is_string()) {
      const std::string code = expiry.get<std::string>();
      given = parse_iso_utc(code);
      if (!given) given = parse_expiry_code(code);
    } else if (expiry.is_number() && within(expiry.get<double>(), 0.0, 1e14)) {
      given = static_cast<TimestampMs>(expiry.get<double>());
    }
    if (!given) continue;
    auto day = [](TimestampMs t) { return t >= 0 ? t / kMsPerDay : -((-t + kMsPerDay - 1) / kMsPerDay); };
    const std::string p = path + "[" + std::to_string(i) + "].instrument.expiry";
    MK_FUZZ_CHECK(day(*given) == day(parsed[i].instrument.expiry),
                  p + ": parsed as " + parsed[i].instrument.name + " (" + std::to_string(parsed[i].instrument.expiry) +
                      " ms), not on the given day (" + std::to_string(*given) + " ms)");
  }
}

inline void check_account(const Account& account) {
  for (const auto& balance : account.collateral) {
    MK_FUZZ_CHECK(within(balance.amount, -kMaxPrice, kMaxPrice), "account.collateral." + balance.asset + ": out of bounds");
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < account.positions.size(); ++i) {
    const Position& p = account.positions[i];
    const std::string path = "account.positions[" + std::to_string(i) + "]";
    check_instrument(p.instrument, path + ".instrument");
    MK_FUZZ_CHECK(p.instrument.kind != InstrumentKind::spot, path + ": spot position");
    MK_FUZZ_CHECK(names.insert(p.instrument.name).second, path + ": duplicate " + p.instrument.name);
    MK_FUZZ_CHECK(within(p.size, -kMaxPrice, kMaxPrice), path + ".size: out of bounds");
    MK_FUZZ_CHECK(within(p.entry_price, kMinPrice, kMaxPrice), path + ".entryPrice: out of bounds");
    MK_FUZZ_CHECK(std::isnan(p.isolated_margin) || std::isfinite(p.isolated_margin), path + ".isolatedMargin: infinite");
  }
}

inline void check_market(const MarketSnapshot& market) {
  for (const auto& [name, u] : market.underlyings) {
    const std::string path = "market.underlyings." + name;
    MK_FUZZ_CHECK(u.underlying == name, path + ": underlying name differs from its key");
    MK_FUZZ_CHECK(within(u.index_price, kMinPrice, kMaxPrice), path + ".index: out of bounds");
    MK_FUZZ_CHECK(within(u.rate, -kMaxAbsRate, kMaxAbsRate), path + ".rate: out of bounds");
    for (const auto& f : u.forwards) MK_FUZZ_CHECK(within(f.price, kMinPrice, kMaxPrice), path + ".forwards: out of bounds");
    const VolSurface& v = u.vols;
    MK_FUZZ_CHECK(v.flat_vol == 0.0 || within(v.flat_vol, kMinVolatility, kMaxVolatility), path + ".vol: out of bounds");
    for (const auto& a : v.atm) MK_FUZZ_CHECK(within(a.vol, kMinVolatility, kMaxVolatility), path + ".vol.atm: out of bounds");
    for (const auto& s : v.smile) {
      MK_FUZZ_CHECK(within(s.vol, kMinVolatility, kMaxVolatility), path + ".vol.smile: vol out of bounds");
      MK_FUZZ_CHECK(within(s.strike, kMinPrice, kMaxPrice), path + ".vol.smile: strike out of bounds");
    }
    MK_FUZZ_CHECK(smile_is_sorted(v.smile), path + ".vol.smile: not sorted after parsing");
  }
  for (const auto& [name, price] : market.mark_prices) {
    MK_FUZZ_CHECK(within(price, kMinPrice, kMaxPrice), "market.markPrices." + name + ": out of bounds");
  }
  for (const auto& [name, price] : market.collateral_prices) {
    MK_FUZZ_CHECK(within(price, kMinPrice, kMaxPrice), "market.collateralPrices." + name + ": out of bounds");
  }
}

inline void check_orders(const std::vector<Order>& orders) {
  for (std::size_t i = 0; i < orders.size(); ++i) {
    const Order& o = orders[i];
    const std::string path = "orders[" + std::to_string(i) + "]";
    check_instrument(o.instrument, path + ".instrument");
    MK_FUZZ_CHECK(within(o.size, 1e-12, kMaxPrice), path + ".size: out of bounds");
    MK_FUZZ_CHECK(std::isnan(o.price) || std::isfinite(o.price), path + ".price: infinite");
    MK_FUZZ_CHECK(std::isnan(o.isolated_margin) || std::isfinite(o.isolated_margin), path + ".isolatedMargin: infinite");
    MK_FUZZ_CHECK(std::isnan(o.leverage) || within(o.leverage, kMinLeverage, kMaxLeverage), path + ".leverage: out of bounds");
  }
}

// The per-preview options (also part of a config).
inline void check_preview_options(const PreviewConfig& c, const std::string& path) {
  MK_FUZZ_CHECK(std::isfinite(c.liquidation_warning_percent), path + ".liquidationWarningPercent: not finite");
  MK_FUZZ_CHECK(std::isnan(c.size_increment) || within(c.size_increment, 1e-12, kMaxPrice),
                path + ".sizeIncrement: out of bounds");
}

inline void check_config(const PreviewConfig& c) {
  check_preview_options(c, "config");
  MK_FUZZ_CHECK(within(c.risk.warning_ratio, 1e-6, 1.0), "config.warningRatio: out of bounds");
  const auto& o = c.risk.schedule.options;
  const auto& f = c.risk.schedule.futures;
  for (double x : {o.initial_base, o.initial_floor, o.maintenance_rate, o.put_mark_rate, f.initial_rate,
                   f.maintenance_rate, f.rate_step}) {
    MK_FUZZ_CHECK(within(x, -10.0, 10.0), "config.schedule: a rate out of bounds");
  }
  MK_FUZZ_CHECK(within(f.tier_size, 1e-12, kMaxPrice), "config.schedule.futures.tierSize: out of bounds");
}

// ---------------------------------------------------------------------------------------------
// The engine on a request with one fuzzed document.

// preview_json and account_risk_json; each output checked when the call succeeds.
inline void run_request(const std::string& account, const std::string& market, const std::string& orders,
                        const std::string& config) {
  std::string out;
  if (succeeded(account_risk_json(account, market, config, out))) check_risk_output(out);
  out.clear();
  if (succeeded(preview_json(account, market, orders, config, out))) check_preview_output(out);
}

// The sample account and market prepared once (as mk.prepare), for previews of fuzzed orders
// and options: each preview then costs what a wallet's does.
inline const PreparedAccountPreview& sample_prepared() {
  static const std::unique_ptr<PreparedAccountPreview> prepared = [] {
    std::unique_ptr<PreparedAccountPreview> p;
    const Status s = prepare_json(kSampleAccount, kSampleMarket, kSampleConfig, p);
    if (!s.ok()) fail("the sample account is refused: " + s.message);
    return p;
  }();
  return *prepared;
}

inline void run_prepared_preview(const PreparedAccountPreview& prepared, const std::string& orders,
                                 const std::string& options) {
  std::string out;
  if (!succeeded(prepared_preview_json(prepared, orders, options, out))) return;
  check_preview_output(out);
  // A prepared account is a snapshot: previewing never changes it, so the same preview gives the
  // same text.
  std::string again;
  MK_FUZZ_CHECK(succeeded(prepared_preview_json(prepared, orders, options, again)) && again == out,
                "the same preview on a prepared account, made twice, differs");
}

// The accountAfter option (web/marginkit.d.ts: TradePreview.accountAfter) on a preview that
// succeeded (`preview`, made with the config's own options): asked for, the rest of the preview
// is the same; the account after is refused only at its own path (a figure beyond an input's
// limits); read back and valued by account_risk_json with the same market and config, it gives
// `after` exactly (the same figures added in the same order).
inline void check_account_after(const PreparedAccountPreview& prepared, const std::string& orders,
                                const std::string& market, const std::string& config, const std::string& preview) {
  std::string with_after;
  const Status s = prepared_preview_json(prepared, orders, R"({"accountAfter":true})", with_after);
  if (!succeeded(s)) {
    MK_FUZZ_CHECK(s.field.rfind("accountAfter", 0) == 0,
                  "the preview succeeds, but with accountAfter it fails elsewhere than at accountAfter: " + s.field);
    return;
  }
  json read = json::parse(with_after, nullptr, false);
  if (!read.is_object() || !read.contains("accountAfter")) fail("accountAfter asked for, not written", with_after);
  const json account_after = read["accountAfter"];
  read.erase("accountAfter");
  json plain = json::parse(preview, nullptr, false);
  if (plain.is_object()) plain.erase("accountAfter");  // the config may ask for it too
  if (read != plain) fail("accountAfter changes the rest of the preview", with_after);
  // Valued afresh, against an `after` with every row (the config's `positions` may keep fewer).
  std::string all_rows;
  if (!succeeded(prepared_preview_json(prepared, orders, R"({"accountAfter":true,"positions":"all"})", all_rows))) {
    fail("accountAfter with every row fails where it succeeds with the config's rows", with_after);
  }
  const json full = json::parse(all_rows, nullptr, false);
  MK_FUZZ_CHECK(full.is_object() && full.contains("after") && full.contains("accountAfter") &&
                    full.at("accountAfter") == account_after,
                "accountAfter depends on the rows asked for");
  std::string risk;
  const Status valued = account_risk_json(account_after.dump(), market, config, risk);
  if (!succeeded(valued)) {
    fail("accountAfter is refused by account_risk_json: " + valued.field + ": " + valued.message, account_after.dump());
  }
  // Levels (and isolated rows' liquidationPrice) are searched afresh: documented to agree to ~1e-10
  // relative, not to the bit; the rest is the same figures.
  const auto without_levels = [](json risk_json) {
    risk_json.erase("liquidation");  // not part of `after`
    if (risk_json.contains("positions")) {
      for (json& row : risk_json["positions"]) row.erase("liquidationPrice");
    }
    return risk_json;
  };
  if (without_levels(json::parse(risk, nullptr, false)) != without_levels(full.at("after"))) {
    fail("accountAfter valued is not the preview's after", risk);
  }
}

// ---------------------------------------------------------------------------------------------
// Mutation. Most wrong answers here are about values, not paths: a rate of -0.03 where 0.03 was,
// a valuation time in 1900, an expiry in 2099 take the same branches of the parser as good ones,
// so coverage alone gives libFuzzer no reason to try them. One mutation in three therefore
// rewrites one number in the input to a value near an input bound (common/checks.hpp) or a
// scaled / negated copy of itself, or the year of one ISO date or expiry code; the rest are
// libFuzzer's own (which use the dictionary). Deterministic in libFuzzer's seed.

inline const char* const kInterestingNumbers[] = {
    "0", "-0", "1", "-1", "0.5", "-0.03", "1e-12", "9e-13", "1e15", "1.0000000000000002e15", "-1e15", "1e-4",
    "9.9e-5", "10", "10.000000000000002", "-10", "5", "-5", "100", "1e-6", "1e12", "1e14", "1e300", "-1e300",
    "4.9e-324", "2.2250738585072014e-308", "1.7976931348623157e308", "3155760000000", "0.0001", "1e-300"};
inline const char* const kInterestingYears[] = {"0000", "0001", "1000", "1900", "1969", "1970", "2000",
                                                "2025", "2099", "2100", "2126", "9999"};

inline std::size_t replace_span(std::uint8_t* data, std::size_t size, std::size_t max_size, std::size_t begin,
                                std::size_t end, const std::string& text) {
  const std::size_t new_size = size - (end - begin) + text.size();
  if (new_size > max_size) return 0;
  std::string out(reinterpret_cast<const char*>(data), begin);
  out += text;
  out.append(reinterpret_cast<const char*>(data) + end, size - end);
  std::memcpy(data, out.data(), new_size);
  return new_size;
}

inline std::size_t mutate_value(std::uint8_t* data, std::size_t size, std::size_t max_size, unsigned seed) {
  std::uint64_t state = seed * 0x9E3779B97F4A7C15ull + 1;
  auto next = [&state](std::size_t n) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return n == 0 ? 0 : static_cast<std::size_t>((state >> 33) % n);
  };
  const auto* text = reinterpret_cast<const char*>(data);
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  auto is_upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  // Numbers (as JSON writes them, after ':', '[' or ','), years of ISO dates ("2026-...) and of
  // expiry codes (26DEC26, in names too).
  std::vector<std::pair<std::size_t, std::size_t>> numbers, years, code_years;
  for (std::size_t i = 0; i < size; ++i) {
    const char previous = i == 0 ? ',' : text[i - 1];
    if ((previous == ':' || previous == '[' || previous == ',' || previous == ' ') && (is_digit(text[i]) || text[i] == '-')) {
      std::size_t end = i + 1;
      while (end < size && (is_digit(text[end]) || std::strchr(".eE+-", text[end]) != nullptr)) ++end;
      numbers.emplace_back(i, end);
      i = end - 1;
    } else if (previous == '"' && i + 5 <= size && is_digit(text[i]) && is_digit(text[i + 1]) && is_digit(text[i + 2]) &&
               is_digit(text[i + 3]) && text[i + 4] == '-') {
      years.emplace_back(i, i + 4);
    } else if ((previous == '"' || previous == '-') && is_digit(text[i])) {
      const std::size_t month = i + (i + 1 < size && is_digit(text[i + 1]) ? 2 : 1);
      if (month + 6 <= size && is_upper(text[month]) && is_upper(text[month + 1]) && is_upper(text[month + 2]) &&
          is_digit(text[month + 3]) && is_digit(text[month + 4]) && (text[month + 5] == '"' || text[month + 5] == '-')) {
        code_years.emplace_back(month + 3, month + 5);
      }
    }
  }
  if (!code_years.empty() && next(6) == 0) {
    const auto [begin, end] = code_years[next(code_years.size())];
    static const char* const kCodeYears[] = {"00", "25", "27", "50", "99"};
    return replace_span(data, size, max_size, begin, end, kCodeYears[next(5)]);
  }
  if (!years.empty() && (numbers.empty() || next(4) == 0)) {
    const auto [begin, end] = years[next(years.size())];
    const std::size_t count = sizeof kInterestingYears / sizeof kInterestingYears[0];
    return replace_span(data, size, max_size, begin, end, kInterestingYears[next(count)]);
  }
  if (numbers.empty()) return 0;
  const auto [begin, end] = numbers[next(numbers.size())];
  const std::string old_text(text + begin, end - begin);
  std::string new_text;
  switch (next(4)) {
    case 0: new_text = old_text[0] == '-' ? old_text.substr(1) : "-" + old_text; break;
    case 1:
      if (old_text.find_first_of("eE") == std::string::npos) {
        new_text = old_text + "e" + std::to_string(static_cast<int>(next(41)) - 20);
        break;
      }
      [[fallthrough]];
    default: {
      const std::size_t count = sizeof kInterestingNumbers / sizeof kInterestingNumbers[0];
      new_text = kInterestingNumbers[next(count)];
    }
  }
  return replace_span(data, size, max_size, begin, end, new_text);
}

}  // namespace marginkit::fuzz

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

// Every target includes this header once: libFuzzer calls this for each mutation.
extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t max_size,
                                               unsigned int seed) {
  if (seed % 3 == 0) {
    if (const std::size_t new_size = marginkit::fuzz::mutate_value(data, size, max_size, seed / 3)) return new_size;
  }
  return LLVMFuzzerMutate(data, size, max_size);
}
