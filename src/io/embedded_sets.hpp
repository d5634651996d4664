#pragma once
// Named JSON sets compiled in at build time (cmake/embed_json_sets.cmake writes the definitions
// from the files, one file per set, with its sources and the date they were read), so that the
// same strict JSON reader reads them natively and in wasm alike:
//  - venue profiles, profiles/*.json: their "schedule", read as config.schedule; config.profile
//    names one;
//  - portfolio-margin models, portfolio-models/*.json: their "model", read as
//    config.portfolioModel's keys (io/portfolio_model_json.hpp), which names one.
#include <vector>

namespace marginkit {

struct EmbeddedJsonSet {
  const char* name;  // the file's "name" (= its file name)
  const char* json;  // its set (its last member, an object), as JSON text
};

// Each sorted by name.
const std::vector<EmbeddedJsonSet>& embedded_profiles();
const std::vector<EmbeddedJsonSet>& embedded_portfolio_models();

}  // namespace marginkit
