#pragma once
// The margin engine's JSON doors, used by the wasm bindings and the native tests alike: text in,
// text out, a Status on failure naming the offending field.
#include <memory>
#include <string>

#include "common/status.hpp"
#include "preview/portfolio.hpp"

namespace marginkit {

Status account_risk_json(const std::string& account, const std::string& market,
                         const std::string& config, std::string& out);

Status preview_json(const std::string& account, const std::string& market, const std::string& orders,
                    const std::string& config, std::string& out);

// One instrument (a name or fields) -> its parsed description.
Status instrument_json(const std::string& instrument, std::string& out);

// A portfolio prepared for many previews (preview/portfolio.hpp), and its two questions.
Status portfolio_json(const std::string& account, const std::string& market, const std::string& config,
                      std::unique_ptr<Portfolio>& out);
// The account's risk and levels, as account_risk_json gives them.
Status portfolio_risk_json(const Portfolio& portfolio, std::string& out);
Status portfolio_preview_json(const Portfolio& portfolio, const std::string& orders, const std::string& options,
                              std::string& out);

}  // namespace marginkit
