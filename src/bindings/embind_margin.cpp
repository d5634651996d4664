// Margin adapters: JSON text in, JSON text out (web/src/margin.mjs stringifies and parses), so
// the wire format is the one the native tests use too.
#include <emscripten/bind.h>

#include "bindings/convert.hpp"
#include "io/json_api.hpp"

namespace marginkit::bindings {
namespace {

struct JsonResult {
  StatusView status;
  std::string json;
};

JsonResult account_risk(const std::string& account, const std::string& market, const std::string& config) {
  JsonResult result;
  result.status = to_view(account_risk_json(account, market, config, result.json));
  return result;
}

JsonResult preview(const std::string& account, const std::string& market, const std::string& orders,
                   const std::string& config) {
  JsonResult result;
  result.status = to_view(preview_json(account, market, orders, config, result.json));
  return result;
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
  function("_preview", &preview);
}
