// Portfolio-margin model exports: JSON text in, JSON text out (web/src/portfolio_models.mjs
// stringifies and parses), the same door the native tests use (src/io/derive_pm2_json.hpp).
#include "bindings/convert.hpp"
#include "io/derive_pm2_json.hpp"

using namespace marginkit;
using namespace marginkit::bindings;

MARGINKIT_EXPORT std::int32_t derivePm2(const char* inputs, std::size_t inputs_length, const char* params,
                                        std::size_t params_length) {
  Reply& r = begin_reply();
  return finish(derive_pm2_json(text(inputs, inputs_length), text(params, params_length), r.json));
}
