#pragma once
// config.portfolioModel: the model of portfolio mode, by name ('deribit', 'derive-pm2') or as an
// object that overrides the named set (default 'deribit') key by key; derive-pm2's overrides go
// in `params`, in the format of Derive's published cases (portfolio-models/derive-pm2.json).
#include <string>

#include "common/status.hpp"
#include "io/json_reader.hpp"
#include "portfolio/portfolio_model.hpp"

namespace marginkit {

Status read_portfolio_model(const Json& value, const std::string& path, PortfolioModel& out);

}  // namespace marginkit
