#pragma once
// The model of an account in portfolio mode (account.mode 'portfolio', config.portfolioModel):
// a scenario grid given as data ('deribit', 'span' and their overrides), or Derive's PM2 in its
// place.
// Both turn an account's positions into a requirement per group (underlying x settlement
// currency); only the grid's P&L adds up position by position (PortfolioGroup::additive).
#include <memory>

#include "portfolio/scenario_grid.hpp"

namespace marginkit {

struct Pm2Params;  // portfolio/derive_pm2.hpp

struct PortfolioModel {
  ScenarioGridModel grid;
  // Set: Derive's PM2 with these parameters margins the account, and `grid` is not used.
  std::shared_ptr<const Pm2Params> derive_pm2;
};

}  // namespace marginkit
