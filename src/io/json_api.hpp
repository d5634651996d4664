#pragma once
// The margin engine's JSON doors, used by the wasm bindings and the native tests alike: text in,
// text out, a Status on failure naming the offending field.
#include <memory>
#include <string>

#include "common/status.hpp"
#include "preview/prepared_account_preview.hpp"

namespace marginkit {

Status account_risk_json(const std::string& account, const std::string& market,
                         const std::string& config, std::string& out);

Status preview_json(const std::string& account, const std::string& market, const std::string& orders,
                    const std::string& config, std::string& out);

// One instrument (a name or fields) -> its parsed description.
Status instrument_json(const std::string& instrument, std::string& out);

// An account prepared for many previews (preview/prepared_account_preview.hpp; mk.prepare), and
// its two questions.
Status prepare_json(const std::string& account, const std::string& market, const std::string& config,
                    std::unique_ptr<PreparedAccountPreview>& out);
// The account's risk and levels, as account_risk_json gives them.
Status prepared_risk_json(const PreparedAccountPreview& prepared, std::string& out);
// Stress tests (scenario/stress.hpp; io/stress_json.hpp for the moves' format).
Status stress_json(const std::string& account, const std::string& market, const std::string& moves,
                   const std::string& config, std::string& out);
Status prepared_stress_json(const PreparedAccountPreview& prepared, const std::string& moves, std::string& out);
Status prepared_preview_json(const PreparedAccountPreview& prepared, const std::string& orders,
                             const std::string& options, std::string& out);

}  // namespace marginkit
