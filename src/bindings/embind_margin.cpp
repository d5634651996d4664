// Margin adapters: JSON text in, JSON text out (web/src/margin.mjs stringifies and parses), so
// the wire format is the one the native tests use too.
#include <emscripten/bind.h>

#include <memory>
#include <vector>

#include "bindings/convert.hpp"
#include "io/json_api.hpp"

namespace marginkit::bindings {
namespace {

struct JsonResult {
  StatusView status;
  std::string json;
};

JsonResult account_risk(const std::string& account, const std::string& market, const std::string& config) {
  JsonResult result;
  result.status = to_view(account_risk_json(account, market, config, result.json));
  return result;
}

JsonResult preview(const std::string& account, const std::string& market, const std::string& orders,
                   const std::string& config) {
  JsonResult result;
  result.status = to_view(preview_json(account, market, orders, config, result.json));
  return result;
}

// Portfolios live here, known to JS by a number (slot + 1): a handle costs less glue than an
// Embind class. Freed slots are reused.
std::vector<std::unique_ptr<Portfolio>>& portfolios() {
  static std::vector<std::unique_ptr<Portfolio>> all;
  return all;
}

const Portfolio* find_portfolio(int handle) {
  const auto& all = portfolios();
  return handle > 0 && static_cast<std::size_t>(handle) <= all.size() ? all[handle - 1].get() : nullptr;
}

struct HandleResult {
  StatusView status;
  int handle = 0;
};

Status unknown_handle() {
  return Status::error(ErrorCode::INVALID_HANDLE, "portfolio", "this portfolio was deleted");
}

HandleResult portfolio_create(const std::string& account, const std::string& market, const std::string& config) {
  HandleResult result;
  std::unique_ptr<Portfolio> portfolio;
  result.status = to_view(portfolio_json(account, market, config, portfolio));
  if (portfolio) {
    auto& all = portfolios();
    std::size_t slot = 0;
    while (slot < all.size() && all[slot]) ++slot;
    if (slot == all.size()) all.emplace_back();
    all[slot] = std::move(portfolio);
    result.handle = static_cast<int>(slot + 1);
  }
  return result;
}

JsonResult portfolio_risk(int handle) {
  JsonResult result;
  if (const Portfolio* portfolio = find_portfolio(handle)) {
    result.status = to_view(portfolio_risk_json(*portfolio, result.json));
  } else {
    result.status = to_view(unknown_handle());
  }
  return result;
}

JsonResult portfolio_preview(int handle, const std::string& orders, const std::string& options) {
  JsonResult result;
  const Portfolio* portfolio = find_portfolio(handle);
  result.status = to_view(portfolio ? portfolio_preview_json(*portfolio, orders, options, result.json)
                                    : unknown_handle());
  return result;
}

void portfolio_delete(int handle) {
  if (find_portfolio(handle)) portfolios()[handle - 1].reset();
}

}  // namespace
}  // namespace marginkit::bindings

EMSCRIPTEN_BINDINGS(marginkit_margin) {
  using namespace emscripten;
  using namespace marginkit::bindings;
  value_object<JsonResult>("JsonResult")
      .field("status", &JsonResult::status)
      .field("json", &JsonResult::json);
  function("_accountRisk", &account_risk);
  function("_preview", &preview);
  value_object<HandleResult>("HandleResult")
      .field("status", &HandleResult::status)
      .field("handle", &HandleResult::handle);
  function("_portfolioCreate", &portfolio_create);
  function("_portfolioRisk", &portfolio_risk);
  function("_portfolioPreview", &portfolio_preview);
  function("_portfolioDelete", &portfolio_delete);
}
