#pragma once
// Derive's PM2 (portfolio/derive_pm2.hpp) as the portfolio model of an account: each group's
// positions become one PM2 portfolio, revalued by the model's own rules, and the model's
// requirement (MtM - its net margin) is the group's margin. The account's equity stays the
// engine's own valuation, so collateral, cash and haircuts are not handed to the model (their
// PM2 contingencies are not charged; the engine's collateral prices hold the haircuts).
//
// What maps: USD-settled options (strike, type, signed size in coins, the vol at the strike at
// the moved index by sticky moneyness, expiry seconds = years x 31,536,000, the forward and the
// underlying's rate), USD-settled perpetuals (summed into the one perp, at the mark), spot
// holdings (risk-cancelling collateral). Derive lists no dated futures and no coin-settled
// contracts: such a position (or order) is refused, INVALID_INSTRUMENT, rather than margined by
// a rule the model does not have. Oracle confidences are 1 and the stable coin at par.
#include <string>

#include "common/status.hpp"
#include "instruments/instrument.hpp"
#include "margin/account_risk.hpp"
#include "portfolio/derive_pm2.hpp"
#include "portfolio/portfolio_margin.hpp"

namespace marginkit {

// Whether derive-pm2 can margin an instrument; `field` names it in the error.
Status check_derive_pm2_instrument(const Instrument& instrument, const std::string& field);
// The same for every position of an account.
Status check_derive_pm2_account(const Account& account);

// The PM2 portfolio of `group`'s positions with their underlying's index moved by base_ratio.
Pm2Portfolio derive_pm2_portfolio(const PreparedAccount& prepared, const PortfolioGroup& group, double base_ratio);

// Fills group's requirement (initial, maintenance and their parts), scenarios and scenario P&L
// (detail), from the PM2 of its positions at base_ratio. No P&L matrix: the model discounts each
// expiry's net shocked value, so a scenario's P&L is not a sum over positions (additive false).
void evaluate_derive_pm2_group(const PreparedAccount& prepared, const Pm2Params& params, double base_ratio,
                               bool detail, PortfolioGroup& group);

}  // namespace marginkit
