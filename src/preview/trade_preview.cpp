#include "preview/trade_preview.hpp"

#include <memory>

#include "preview/portfolio.hpp"

namespace marginkit {

Status preview_trade(const Account& account, const MarketSnapshot& market,
                     const std::vector<Order>& orders, const PreviewConfig& config,
                     TradePreview& out) {
  std::unique_ptr<Portfolio> portfolio;
  if (auto s = Portfolio::create(account, market, config, portfolio); !s.ok()) return s;
  return portfolio->preview(orders, config, out);
}

}  // namespace marginkit
