#include "io/stress_json.hpp"

#include <cmath>

#include "common/checks.hpp"
#include "common/number_text.hpp"
#include "io/json_reader.hpp"
#include "io/json_writer.hpp"

namespace marginkit {

namespace {

constexpr std::size_t kMaxMoves = 1000;

// An optional number within [lo, hi] (lo excluded when open_low), into `out` when given.
Status read_bounded(const Json& object, const char* key, const std::string& path, double lo, double hi, bool open_low,
                    double& out) {
  double value = std::nan("");
  if (auto s = read_number(object, key, path, value, false); !s.ok()) return s;
  if (std::isnan(value)) return Status::success();
  const std::string field = path + "." + key;
  if (auto s = check_finite(value, field); !s.ok()) return s;
  if (value > hi || value < lo || (open_low && value == lo)) {
    return Status::error(ErrorCode::OUT_OF_RANGE, field,
                         field + " must lie within " + (open_low ? "(" : "[") + format_number(lo) + ", " +
                             format_number(hi) + "], got " + format_number(value));
  }
  out = value;
  return Status::success();
}

Status read_move(const Json& item, const std::string& path, StressMove& out) {
  if (auto s = require_object(item, path); !s.ok()) return s;
  StressMove move;
  for (const auto& entry : item.items()) {
    const std::string& key = entry.key();
    if (key == "days") continue;
    const std::string p = path + "." + key;
    const Json& u = entry.value();
    if (auto s = require_object(u, p); !s.ok()) return s;
    if (auto s = require_known_keys(u, p, {"spot", "vol", "volRelative"}); !s.ok()) return s;
    double spot = 0.0, vol = 0.0, relative = 0.0;
    if (auto s = read_bounded(u, "spot", p, -1.0, 100.0, true, spot); !s.ok()) return s;
    if (auto s = read_bounded(u, "vol", p, -10.0, 10.0, false, vol); !s.ok()) return s;
    if (auto s = read_bounded(u, "volRelative", p, -1.0, 10.0, true, relative); !s.ok()) return s;
    UnderlyingMove m;
    m.spot_ratio = 1.0 + spot;
    m.vol.absolute = vol;
    m.vol.relative = relative;
    move.underlyings[key] = m;
  }
  if (auto s = read_bounded(item, "days", path, 0.0, 36500.0, false, move.days); !s.ok()) return s;
  out = std::move(move);
  return Status::success();
}

}  // namespace

Status parse_moves_json(const std::string& text, std::vector<StressMove>& out) {
  Json root;
  if (auto s = parse_json_document(text, "moves", root); !s.ok()) return s;
  const bool single = root.is_object();
  if (!single && !root.is_array()) return invalid_type("moves", "a move object or an array of them");
  const std::size_t count = single ? 1 : root.size();
  if (count == 0 || count > kMaxMoves) {
    return Status::error(ErrorCode::OUT_OF_RANGE, "moves", "moves must hold 1 to 1000 moves");
  }
  std::vector<StressMove> moves(count);
  for (std::size_t i = 0; i < count; ++i) {
    if (auto s = read_move(single ? root : root[i], "moves[" + std::to_string(i) + "]", moves[i]); !s.ok()) return s;
  }
  out = std::move(moves);
  return Status::success();
}

Status stress_to_json(const std::vector<StressOutcome>& outcomes, std::string& out) {
  JsonWriter w;
  w.begin_array();
  for (const auto& o : outcomes) {
    const AccountRisk& r = o.risk;
    w.begin_object()
        .field("status", to_string(r.status))
        .field("equityUsd", r.equity_usd)
        .field("pnlUsd", o.pnl_usd)
        .field("initialMarginUsd", r.initial_margin_usd)
        .field("maintenanceMarginUsd", r.maintenance_margin_usd)
        .field("availableMarginUsd", r.available_margin_usd)
        .key("marginRatio").value_or_null(r.margin_ratio);
    w.key("positions").begin_array();
    for (std::size_t i = 0; i < r.positions.size(); ++i) {
      w.begin_object()
          .field("instrument", r.positions[i].instrument)
          .field("valueUsd", r.positions[i].value.value_usd)
          .field("pnlUsd", o.position_pnl_usd[i])
          .end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  if (!w.non_finite_key().empty()) {
    return Status::error(ErrorCode::NON_FINITE_RESULT, w.non_finite_key(),
                         "a stress outcome held a non-finite " + w.non_finite_key() + " and was withheld: a bug");
  }
  out = w.take();
  return Status::success();
}

}  // namespace marginkit
