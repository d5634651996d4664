#pragma once
// JSON in: accounts, markets, orders and configs as the JS API documents them (web/marginkit.d.ts),
// parsed strictly. Every error names the JSON path of the offending field.
#include <string>
#include <vector>

#include "account/account.hpp"
#include "common/status.hpp"
#include "market/market_snapshot.hpp"
#include "preview/preview_types.hpp"

namespace marginkit {

// `path`: the document's name in errors ("account"; "accountAfter" when a preview reads back the
// account it returns, io/json_output.cpp).
Status parse_account_json(const std::string& text, Account& out, const std::string& path = "account");
Status parse_market_json(const std::string& text, MarketSnapshot& out);
// One order object or an array of them.
Status parse_orders_json(const std::string& text, std::vector<Order>& out);
// One instrument: a JSON string (a venue name) or an object of instrument fields; errors name
// "instrument" or a path inside it.
Status parse_instrument_json(const std::string& text, Instrument& out);
// "" or "null" gives the defaults.
Status parse_config_json(const std::string& text, PreviewConfig& out);
// A prepared account's preview options: `base` (its config) with liquidationWarningPercent,
// sizeIncrement, positions and accountAfter overridden; the keys fixed when the account was prepared are
// UNSUPPORTED_FIELD here.
Status parse_preview_options_json(const std::string& text, const PreviewConfig& base, PreviewConfig& out);

}  // namespace marginkit
