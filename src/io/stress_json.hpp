#pragma once
// Stress tests' JSON: the moves in, the outcomes out (scenario/stress.hpp).
//   moves: one object or an array of at most 1,000:
//     { "BTC": { "spot": -0.2, "vol": 0.3, "volRelative": 0 }, "days": 7 }
//   spot: the index's relative change, (-1, 100]; vol: every implied vol's change in decimal
//   (0.1 = ten vol points), [-10, 10]; volRelative: vol x (1 + it), (-1, 10]; days: [0, 36500].
#include <string>
#include <vector>

#include "common/status.hpp"
#include "scenario/stress.hpp"

namespace marginkit {

Status parse_moves_json(const std::string& text, std::vector<StressMove>& out);
Status stress_to_json(const std::vector<StressOutcome>& outcomes, std::string& out);

}  // namespace marginkit
