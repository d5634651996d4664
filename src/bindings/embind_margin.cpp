// Margin adapters: JSON text in, JSON text out (web/src/margin.mjs stringifies and parses), so
// the wire format is the one the native tests use too.
#include <emscripten/bind.h>

#include <memory>
#include <vector>

#include "bindings/convert.hpp"
#include "bindings/heap_accounting.hpp"
#include "io/json_api.hpp"

namespace marginkit::bindings {
namespace {

JsonResult account_risk(const std::string& account, const std::string& market, const std::string& config) {
  JsonResult result;
  result.status = to_view(account_risk_json(account, market, config, result.json));
  return result;
}

JsonResult instrument(const std::string& text) {
  JsonResult result;
  result.status = to_view(instrument_json(text, result.json));
  return result;
}

JsonResult preview(const std::string& account, const std::string& market, const std::string& orders,
                   const std::string& config) {
  JsonResult result;
  result.status = to_view(preview_json(account, market, orders, config, result.json));
  return result;
}

// Prepared accounts live here, known to JS by a number (slot + 1): a handle costs less glue than
// an Embind class. Freed slots are reused, the most recently freed first (kept in `free_slots`,
// so that preparing an account does not scan the table).
struct PreparedTable {
  std::vector<std::unique_ptr<PreparedAccountPreview>> slots;
  std::vector<int> free_slots;
};

PreparedTable& prepared_accounts() {
  static PreparedTable table;
  return table;
}

const PreparedAccountPreview* find_prepared(int handle) {
  const auto& slots = prepared_accounts().slots;
  return handle > 0 && static_cast<std::size_t>(handle) <= slots.size() ? slots[handle - 1].get() : nullptr;
}

struct HandleResult {
  StatusView status;
  int handle = 0;
  // Heap bytes the prepared account holds (what the heap held more after making it than before:
  // its copies of the account and market, prepared positions, rows, levels and search points).
  double bytes = 0;
};

Status unknown_handle() {
  return Status::error(ErrorCode::INVALID_HANDLE, "prepared", "this prepared account was deleted");
}

HandleResult prepare(const std::string& account, const std::string& market, const std::string& config) {
  HandleResult result;
  PreparedTable& table = prepared_accounts();
  if (table.free_slots.empty()) {  // a free slot before counting: the table's growth is no account's
    table.slots.emplace_back();
    table.free_slots.push_back(static_cast<int>(table.slots.size()) - 1);
  }
  std::unique_ptr<PreparedAccountPreview> prepared;
  const std::size_t heap_before = heap_bytes_in_use();
  result.status = to_view(prepare_json(account, market, config, prepared));
  if (prepared) {
    const int slot = table.free_slots.back();
    table.free_slots.pop_back();
    table.slots[static_cast<std::size_t>(slot)] = std::move(prepared);
    result.handle = slot + 1;
    const std::size_t heap_after = heap_bytes_in_use();
    result.bytes = heap_after > heap_before ? static_cast<double>(heap_after - heap_before) : 0.0;
  }
  return result;
}

JsonResult prepared_risk(int handle) {
  JsonResult result;
  if (const PreparedAccountPreview* prepared = find_prepared(handle)) {
    result.status = to_view(prepared_risk_json(*prepared, result.json));
  } else {
    result.status = to_view(unknown_handle());
  }
  return result;
}

JsonResult prepared_preview(int handle, const std::string& orders, const std::string& options) {
  JsonResult result;
  const PreparedAccountPreview* prepared = find_prepared(handle);
  result.status = to_view(prepared ? prepared_preview_json(*prepared, orders, options, result.json)
                                   : unknown_handle());
  return result;
}

JsonResult stress(const std::string& account, const std::string& market, const std::string& moves,
                  const std::string& config) {
  JsonResult result;
  result.status = to_view(stress_json(account, market, moves, config, result.json));
  return result;
}

JsonResult prepared_stress(int handle, const std::string& moves) {
  JsonResult result;
  const PreparedAccountPreview* prepared = find_prepared(handle);
  result.status = to_view(prepared ? prepared_stress_json(*prepared, moves, result.json) : unknown_handle());
  return result;
}

void prepared_delete(int handle) {
  if (!find_prepared(handle)) return;
  PreparedTable& table = prepared_accounts();
  table.slots[static_cast<std::size_t>(handle - 1)].reset();
  table.free_slots.push_back(handle - 1);
}

}  // namespace
}  // namespace marginkit::bindings

EMSCRIPTEN_BINDINGS(marginkit_margin) {
  using namespace emscripten;
  using namespace marginkit::bindings;
  value_object<JsonResult>("JsonResult")
      .field("status", &JsonResult::status)
      .field("json", &JsonResult::json);
  function("_accountRisk", &account_risk);
  function("_instrument", &instrument);
  function("_preview", &preview);
  function("_stress", &stress);
  function("_preparedStress", &prepared_stress);
  value_object<HandleResult>("HandleResult")
      .field("status", &HandleResult::status)
      .field("handle", &HandleResult::handle)
      .field("bytes", &HandleResult::bytes);
  function("_prepare", &prepare);
  function("_preparedRisk", &prepared_risk);
  function("_preparedPreview", &prepared_preview);
  function("_preparedDelete", &prepared_delete);
}
