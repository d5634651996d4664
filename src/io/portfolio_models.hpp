#pragma once
// Portfolio-model parameter sets shipped as data: portfolio-models/*.json (one file per set, with
// its source and the date it was read), compiled in at build time (cmake/embed_portfolio_models.cmake)
// and read by the same strict reader as config.portfolioModel's overrides. The files are in the
// npm package too.
#include <vector>

namespace marginkit {

struct EmbeddedPortfolioModel {
  const char* name;         // the file's "name" (= its file name)
  const char* params_json;  // its "params" object, as JSON text
};

// Sorted by name.
const std::vector<EmbeddedPortfolioModel>& embedded_portfolio_models();

}  // namespace marginkit
