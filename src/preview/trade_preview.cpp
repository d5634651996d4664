#include "preview/trade_preview.hpp"

#include <memory>

#include "preview/prepared_account_preview.hpp"

namespace marginkit {

Status preview_trade(const Account& account, const MarketSnapshot& market,
                     const std::vector<Order>& orders, const PreviewConfig& config,
                     TradePreview& out) {
  std::unique_ptr<PreparedAccountPreview> prepared;
  if (auto s = PreparedAccountPreview::create(account, market, config, prepared); !s.ok()) return s;
  return prepared->preview(orders, config, out);
}

}  // namespace marginkit
