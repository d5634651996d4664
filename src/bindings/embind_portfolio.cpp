// Portfolio-margin models: JSON text in, JSON text out (web/src/portfolio_models.mjs stringifies
// and parses), the same door the native tests use (src/io/derive_pm2_json.hpp).
#include <emscripten/bind.h>

#include "bindings/convert.hpp"
#include "io/derive_pm2_json.hpp"

namespace marginkit::bindings {
namespace {

JsonResult derive_pm2(const std::string& inputs, const std::string& params) {
  JsonResult result;
  result.status = to_view(derive_pm2_json(inputs, params, result.json));
  return result;
}

}  // namespace
}  // namespace marginkit::bindings

EMSCRIPTEN_BINDINGS(marginkit_portfolio) {
  emscripten::function("_derivePm2", &marginkit::bindings::derive_pm2);
}
