#include "io/json_api.hpp"

#include "io/json_input.hpp"
#include "io/json_output.hpp"

namespace marginkit {

Status account_risk_json(const std::string& account_text, const std::string& market_text,
                         const std::string& config_text, std::string& out) {
  Account account;
  MarketSnapshot market;
  PreviewConfig config;
  if (auto s = parse_account_json(account_text, account); !s.ok()) return s;
  if (auto s = parse_market_json(market_text, market); !s.ok()) return s;
  if (auto s = parse_config_json(config_text, config); !s.ok()) return s;
  PreparedAccount prepared;
  if (auto s = prepare_account(account, market, prepared); !s.ok()) return s;
  const AccountRisk risk = account_risk(prepared, config.risk);
  std::vector<LiquidationLevels> levels;
  if (config.liquidation_levels) {
    if (account.mode == MarginMode::cross) {
      levels = cross_liquidation_levels(prepared, config.risk);
    } else {
      for (const auto& p : prepared.positions) levels.push_back(isolated_liquidation_levels(p, config.risk));
    }
  }
  out = account_risk_to_json(risk, levels);
  return Status::success();
}

Status preview_json(const std::string& account_text, const std::string& market_text,
                    const std::string& orders_text, const std::string& config_text, std::string& out) {
  Account account;
  MarketSnapshot market;
  std::vector<Order> orders;
  PreviewConfig config;
  if (auto s = parse_account_json(account_text, account); !s.ok()) return s;
  if (auto s = parse_market_json(market_text, market); !s.ok()) return s;
  if (auto s = parse_orders_json(orders_text, orders); !s.ok()) return s;
  if (auto s = parse_config_json(config_text, config); !s.ok()) return s;
  TradePreview preview;
  if (auto s = preview_trade(account, market, orders, config, preview); !s.ok()) return s;
  out = trade_preview_to_json(preview);
  return Status::success();
}

}  // namespace marginkit
