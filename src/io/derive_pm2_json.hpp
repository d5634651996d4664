#pragma once
// The Derive PM2 model's JSON door (mk.derivePm2): a portfolio (`inputs`) and the model's
// parameters (`params`) in the format of the published reference cases
// (tests/reference/derive_pm2_subset.json, described in tests/reference/ORACLES_README.md and
// web/marginkit.d.ts), read strictly: an unknown key is UNSUPPORTED_FIELD, a wrong type
// INVALID_TYPE, NaN/Infinity NOT_FINITE, a number beyond its limits OUT_OF_RANGE (NON_POSITIVE
// for a price), each naming its JSON path ("inputs.options[3].markVol").
#include <string>

#include "common/status.hpp"
#include "io/json_reader.hpp"
#include "portfolio/derive_pm2.hpp"

namespace marginkit {

Status parse_derive_pm2_inputs(const std::string& text, Pm2Portfolio& out);
Status parse_derive_pm2_params(const std::string& text, Pm2Params& out);
// The same from a parsed value; errors name `path` ("config.portfolioModel.params.basis").
Status read_derive_pm2_params(const Json& value, const std::string& path, Pm2Params& out);

// { mtm, mm, im, diagnostics: {...}, scenarios: [{ class, spotShock, vol, weight, pnl }] }.
Status derive_pm2_result_to_json(const Pm2Result& result, const Pm2Params& params, std::string& out);

// Text in, text out: the three above around derive_pm2_margin.
Status derive_pm2_json(const std::string& inputs, const std::string& params, std::string& out);

}  // namespace marginkit
