#include "io/json_api.hpp"

#include "io/json_input.hpp"
#include "io/json_output.hpp"
#include "io/stress_json.hpp"
#include "preview/trade_preview.hpp"

namespace marginkit {

Status instrument_json(const std::string& instrument_text, std::string& out) {
  Instrument instrument;
  if (auto s = parse_instrument_json(instrument_text, instrument); !s.ok()) return s;
  out = instrument_to_json(instrument);
  return Status::success();
}

Status account_risk_json(const std::string& account_text, const std::string& market_text,
                         const std::string& config_text, std::string& out) {
  std::unique_ptr<PreparedAccountPreview> prepared;
  if (auto s = prepare_json(account_text, market_text, config_text, prepared); !s.ok()) return s;
  return prepared_risk_json(*prepared, out);
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
  return trade_preview_to_json(preview, out);
}

Status prepare_json(const std::string& account_text, const std::string& market_text,
                    const std::string& config_text, std::unique_ptr<PreparedAccountPreview>& out) {
  Account account;
  MarketSnapshot market;
  PreviewConfig config;
  if (auto s = parse_account_json(account_text, account); !s.ok()) return s;
  if (auto s = parse_market_json(market_text, market); !s.ok()) return s;
  if (auto s = parse_config_json(config_text, config); !s.ok()) return s;
  return PreparedAccountPreview::create(account, market, config, out);
}

Status prepared_risk_json(const PreparedAccountPreview& prepared, std::string& out) {
  return account_risk_to_json(prepared.risk(), prepared.liquidation_levels(), out);
}

Status prepared_preview_json(const PreparedAccountPreview& prepared, const std::string& orders_text,
                             const std::string& options_text, std::string& out) {
  std::vector<Order> orders;
  PreviewConfig options;
  if (auto s = parse_orders_json(orders_text, orders); !s.ok()) return s;
  if (auto s = parse_preview_options_json(options_text, prepared.config(), options); !s.ok()) return s;
  TradePreview preview;
  if (auto s = prepared.preview(orders, options, preview); !s.ok()) return s;
  return trade_preview_to_json(preview, out);
}

Status prepared_stress_json(const PreparedAccountPreview& prepared, const std::string& moves_text, std::string& out) {
  std::vector<StressMove> moves;
  if (auto s = parse_moves_json(moves_text, moves); !s.ok()) return s;
  std::vector<StressOutcome> outcomes;
  if (auto s = stress_account(prepared.account(), prepared.market(), prepared.config().risk, moves, outcomes); !s.ok()) {
    return s;
  }
  return stress_to_json(outcomes, out);
}

Status stress_json(const std::string& account_text, const std::string& market_text, const std::string& moves_text,
                   const std::string& config_text, std::string& out) {
  std::unique_ptr<PreparedAccountPreview> prepared;
  if (auto s = prepare_json(account_text, market_text, config_text, prepared); !s.ok()) return s;
  return prepared_stress_json(*prepared, moves_text, out);
}

}  // namespace marginkit
