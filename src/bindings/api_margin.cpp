// Margin exports: JSON text in, JSON text out (web/src/margin.mjs stringifies and parses), so
// the wire format is the one the native tests use too. Each takes its texts as (bytes, length)
// and answers in the reply block (bindings/convert.hpp).
#include <memory>
#include <vector>

#include "bindings/convert.hpp"
#include "bindings/heap_accounting.hpp"
#include "io/json_api.hpp"

namespace marginkit::bindings {
namespace {

// Prepared accounts live here, known to JS by a number (slot + 1): a handle costs less glue than
// a bound class. Freed slots are reused, the most recently freed first (kept in `free_slots`,
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

Status unknown_handle() {
  return Status::error(ErrorCode::INVALID_HANDLE, "prepared", "this prepared account was deleted");
}

}  // namespace
}  // namespace marginkit::bindings

using namespace marginkit;
using namespace marginkit::bindings;

MARGINKIT_EXPORT std::int32_t accountRisk(const char* account, std::size_t account_length, const char* market,
                                          std::size_t market_length, const char* config, std::size_t config_length) {
  Reply& r = begin_reply();
  return finish(account_risk_json(text(account, account_length), text(market, market_length),
                                  text(config, config_length), r.json));
}

MARGINKIT_EXPORT std::int32_t instrument(const char* ref, std::size_t ref_length) {
  Reply& r = begin_reply();
  return finish(instrument_json(text(ref, ref_length), r.json));
}

MARGINKIT_EXPORT std::int32_t preview(const char* account, std::size_t account_length, const char* market,
                                      std::size_t market_length, const char* orders, std::size_t orders_length,
                                      const char* config, std::size_t config_length) {
  Reply& r = begin_reply();
  return finish(preview_json(text(account, account_length), text(market, market_length), text(orders, orders_length),
                             text(config, config_length), r.json));
}

MARGINKIT_EXPORT std::int32_t stress(const char* account, std::size_t account_length, const char* market,
                                     std::size_t market_length, const char* moves, std::size_t moves_length,
                                     const char* config, std::size_t config_length) {
  Reply& r = begin_reply();
  return finish(stress_json(text(account, account_length), text(market, market_length), text(moves, moves_length),
                            text(config, config_length), r.json));
}

// The handle in the reply's `handle`, and the heap bytes the prepared account holds (what the heap
// held more after making it than before: its copies of the account and market, prepared
// positions, rows, levels and search points) in its numbers[0].
MARGINKIT_EXPORT std::int32_t prepare(const char* account, std::size_t account_length, const char* market,
                                      std::size_t market_length, const char* config, std::size_t config_length) {
  Reply& r = begin_reply();
  PreparedTable& table = prepared_accounts();
  if (table.free_slots.empty()) {  // a free slot before counting: the table's growth is no account's
    table.slots.emplace_back();
    table.free_slots.push_back(static_cast<int>(table.slots.size()) - 1);
  }
  const std::string account_text = text(account, account_length);
  const std::string market_text = text(market, market_length);
  const std::string config_text = text(config, config_length);
  std::unique_ptr<PreparedAccountPreview> prepared;
  const std::size_t heap_before = heap_bytes_in_use();
  const Status status = prepare_json(account_text, market_text, config_text, prepared);
  if (prepared) {
    const int slot = table.free_slots.back();
    table.free_slots.pop_back();
    table.slots[static_cast<std::size_t>(slot)] = std::move(prepared);
    r.view.handle = slot + 1;
    const std::size_t heap_after = heap_bytes_in_use();
    r.view.numbers[0] = heap_after > heap_before ? static_cast<double>(heap_after - heap_before) : 0.0;
  }
  return finish(status);
}

MARGINKIT_EXPORT std::int32_t preparedRisk(int handle) {
  Reply& r = begin_reply();
  const PreparedAccountPreview* prepared = find_prepared(handle);
  return finish(prepared ? prepared_risk_json(*prepared, r.json) : unknown_handle());
}

MARGINKIT_EXPORT std::int32_t preparedPreview(int handle, const char* orders, std::size_t orders_length,
                                              const char* options, std::size_t options_length) {
  Reply& r = begin_reply();
  const PreparedAccountPreview* prepared = find_prepared(handle);
  return finish(prepared ? prepared_preview_json(*prepared, text(orders, orders_length), text(options, options_length), r.json)
                         : unknown_handle());
}

MARGINKIT_EXPORT std::int32_t preparedStress(int handle, const char* moves, std::size_t moves_length) {
  Reply& r = begin_reply();
  const PreparedAccountPreview* prepared = find_prepared(handle);
  return finish(prepared ? prepared_stress_json(*prepared, text(moves, moves_length), r.json) : unknown_handle());
}

MARGINKIT_EXPORT void preparedDelete(int handle) {
  if (!find_prepared(handle)) return;
  PreparedTable& table = prepared_accounts();
  table.slots[static_cast<std::size_t>(handle - 1)].reset();
  table.free_slots.push_back(handle - 1);
}
