#pragma once
// The margin engine's JSON doors, used by the wasm bindings and the native tests alike: text in,
// text out, a Status on failure naming the offending field.
#include <string>

#include "common/status.hpp"

namespace marginkit {

Status account_risk_json(const std::string& account, const std::string& market,
                         const std::string& config, std::string& out);

Status preview_json(const std::string& account, const std::string& market, const std::string& orders,
                    const std::string& config, std::string& out);

}  // namespace marginkit
