#pragma once
// config.portfolioModel: the scenario-grid model of portfolio mode, by name ('deribit') or as an
// object that overrides the named set (default 'deribit') key by key.
#include <string>

#include "common/status.hpp"
#include "io/json_reader.hpp"
#include "portfolio/scenario_grid.hpp"

namespace marginkit {

Status read_portfolio_model(const Json& value, const std::string& path, ScenarioGridModel& out);

}  // namespace marginkit
