#pragma once
// JSON out, in the camelCase shapes web/marginkit.d.ts documents. Non-finite numbers (a margin
// ratio with no equity) are written as null.
#include <string>

#include "preview/trade_preview.hpp"

namespace marginkit {

std::string account_risk_to_json(const AccountRisk& risk, const std::vector<LiquidationLevels>& levels);
std::string trade_preview_to_json(const TradePreview& preview);

}  // namespace marginkit
