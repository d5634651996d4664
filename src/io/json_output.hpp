#pragma once
// JSON out, in the camelCase shapes web/marginkit.d.ts documents. Ratios to zero equity are
// written as null, as documented. The last line of defence of "nothing non-finite leaves the
// engine": any other non-finite number withholds the result as NON_FINITE_RESULT naming the
// output field, and a negative margin as INTERNAL. Neither should ever happen: inputs are
// limited so that they do not. A preview's accountAfter is read back as an account input; one
// beyond an input's limits withholds the preview with that error (json_output.cpp).
#include <string>

#include "common/status.hpp"

#include "preview/preview_types.hpp"

namespace marginkit {

Status account_risk_to_json(const AccountRisk& risk, const std::vector<LiquidationLevels>& levels, std::string& out);
Status trade_preview_to_json(const TradePreview& preview, std::string& out);
// A parsed instrument, as mk.instrument() documents it.
std::string instrument_to_json(const Instrument& instrument);

}  // namespace marginkit
