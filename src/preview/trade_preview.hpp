#pragma once
// Pre-trade preview: what one or more orders would do to an account's margin, before signing.
//
// The orders are applied as if filled (orders.hpp), the account after is valued and judged
// (acceptance.hpp), and the first order is sized (sizing.hpp: the largest size still accepted,
// and the collateral that would make a rejected preview acceptable). PreparedAccountPreview
// (prepared_account_preview.hpp) runs these on an account prepared once; this one-shot door
// prepares the account for one preview.
#include <vector>

#include "account/account.hpp"
#include "common/status.hpp"
#include "market/market_snapshot.hpp"
#include "preview/preview_types.hpp"

namespace marginkit {

// One-shot: PreparedAccountPreview::create then its preview.
Status preview_trade(const Account& account, const MarketSnapshot& market,
                     const std::vector<Order>& orders, const PreviewConfig& config,
                     TradePreview& out);

}  // namespace marginkit
