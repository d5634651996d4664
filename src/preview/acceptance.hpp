#pragma once
// Whether an account after orders is accepted, why not, and the warnings a preview carries.
//
// Accepted: no balance ends overdrawn (premiums, spot purchases and, in isolated mode, the margins
// assigned to positions come out of balances, asset by asset: there is no borrowing) unless it
// already was and the orders make it no worse; and either the account after is neither in
// margin_call nor liquidation, or the orders only reduce risk (no position grows or flips, and
// maintenance margin does not rise) -- so that an account in trouble can always be helped out of it.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "account/account.hpp"
#include "margin/account_risk.hpp"
#include "margin/margin_totals.hpp"
#include "preview/preview_types.hpp"

namespace marginkit {

// Amounts by asset name (units of each asset).
using AssetAmounts = std::map<std::string, double>;

// The part of an account a judgement leaves out and holds fixed: the max-size search (sizing.hpp)
// revalues only the ordered instruments' positions and the collateral at each trial size, not
// the whole book.
class PortfolioRest;  // portfolio/portfolio_rest.hpp

struct RestOfAccount {
  MarginTotals totals;                                  // cross mode: its equity, IM and MM
  AssetAmounts isolated_margins;                        // isolated mode: margins assigned to it, by asset
  // Portfolio mode: its groups' P&L sums. The requirement is then the whole account's (totals
  // holds the rest's equity alone, and the judged part's IM and MM are the whole's).
  const PortfolioRest* portfolio = nullptr;
};

// The positions of `whole` not named in `touched`. `whole_risk`: whole's risk, rows included;
// `own_risk`: the risk of the rest's complement (the touched positions and all collateral).
RestOfAccount rest_of_account(const PreparedAccount& whole, const AccountRisk& whole_risk, const AccountRisk& own_risk,
                              const std::set<std::string>& touched);

struct Judgement {
  bool accepted = false;
  bool reduces_risk = false;
  std::string overdrawn_asset;    // an asset the orders spend or assign more of than the account holds
  double overdrawn_amount = 0.0;  // by how much, in units of the asset (> 0)
};

// Judges an account after orders. `old_part` and `new_part`: the positions the orders touch and
// all collateral, before and after; `prepared`/`risk`: the part being judged (the whole
// account after, or in the max-size search only the order's position and the collateral), whose
// maintenance margin was `maintenance_before`; `rest`: the rest of the account. In isolated mode
// positions stand alone: `risk.status` must be the worst over the positions the orders touch.
Judgement judge(const Account& old_part, const Account& new_part, double maintenance_before,
                const PreparedAccount& prepared, const AccountRisk& risk,
                const RestOfAccount& rest, const RiskConfig& config);

// A rejected preview's reason, a warning code: the overdraft first, then liquidation, else the
// initial-margin shortfall. `after`: the account after the orders.
PreviewWarningCode reject_reason(const Judgement& judgement, const AccountRisk& after);
// What the warnings are about: the preview (its before, after and levels filled in), the
// judgement of the account after, and that account's rows (all of them, whichever rows the
// preview shows) and margin mode.
struct WarningInputs {
  const TradePreview& preview;
  const Judgement& judgement;
  const RowAddresses& after_rows;
  MarginMode mode;
};

// The reject reason is always among the warnings: adds it when add_warnings did not.
void warn_reject_reason(PreviewWarningCode reason, const WarningInputs& in, std::vector<PreviewWarning>& warnings);

// The warnings of a preview, always in the same order, each with its figures as fields.
// `old_part`/`new_part`: the positions the orders touch and all collateral, before and after.
void add_warnings(const WarningInputs& in, const Account& old_part, const Account& new_part,
                  const PreviewConfig& options, std::vector<PreviewWarning>& warnings);

}  // namespace marginkit
