#pragma once
// Sizing a preview's first order: the largest size still accepted (max size), and for a rejected
// preview the collateral that would make it acceptable (top-up). What a trader asks next after a
// rejection: "how much can I trade?" and "how much must I deposit?".
#include <vector>

#include "account/account.hpp"
#include "common/status.hpp"
#include "market/market_snapshot.hpp"
#include "preview/acceptance.hpp"
#include "preview/preview_types.hpp"

namespace marginkit {

// preview.top_up_*: collateral (in the first order's settlement asset, or the overdrawn one) that
// makes the orders acceptable: the overdrawn balance, or the initial-margin shortfall, or
// (isolated) the collateral the new isolated margins lack; 0 when accepted. `after` and
// `after_rows`: the account after the orders.
Status fill_top_up(const MarketSnapshot& market, MarginMode mode, const AccountRisk& after,
                   const RowAddresses& after_rows, const Judgement& judgement, const Instrument& first,
                   TradePreview& preview);

// preview.max_size and size_increment: the largest size of the first of `priced` (fill prices
// set), the other orders as given, in steps of the increment, that is still accepted. At each
// trial size only `own` is revalued (the positions the orders touch and all collateral, whose
// maintenance margin before the orders is `own_maintenance`), prepared like `like`; `rest`, the
// rest of the account, is held fixed.
void fill_max_size(const std::vector<Order>& priced, const Account& own, double own_maintenance,
                   const PreparedAccount& like, const RestOfAccount& rest, const MarketSnapshot& market,
                   const RiskConfig& risk, const PreviewConfig& options, TradePreview& preview);

}  // namespace marginkit
