#include "margin/currency_risk.hpp"

#include "account/collateral.hpp"
#include "common/small_sort.hpp"

namespace marginkit {

namespace {

// A position's value in its settlement currency (see currency_risk.hpp).
double value_in_settlement(const PreparedPosition& p, const PositionValue& v) {
  if (!p.is_inverse()) return v.value_usd;
  if (p.is_option()) return p.size * v.mark;
  return p.size * (1.0 / p.entry_price - 1.0 / v.mark);
}

// Where the entry of `currency` is, added when there is none. A vector searched in order, not a
// map: an account has a handful of currencies, and each std::map instantiation costs wasm size.
std::size_t entry_of(std::vector<CurrencyRisk>& entries, const std::string& currency) {
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].currency == currency) return i;
  }
  entries.push_back(CurrencyRisk{});
  entries.back().currency = currency;
  return entries.size() - 1;
}

}  // namespace

std::vector<CurrencyRisk> currency_risk(const PreparedAccount& prepared, const RowAddresses& rows) {
  std::vector<CurrencyRisk> entries;
  for (const auto& collateral : prepared.collateral) {
    entries[entry_of(entries, collateral.balance->asset)].balance += collateral.balance->amount;
  }
  // Isolated mode: what positions hold, subtracted from the balance (the USD total's available
  // margin is the collateral no position holds). Kept in `available_margin` until the end.
  const bool isolated = prepared.account->mode == MarginMode::isolated;
  std::size_t run = 0;  // rows of one currency come in runs: look each run up once
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const PreparedPosition& p = prepared.positions[i];
    const std::string& currency = p.position->instrument.settlement_asset;
    if (run >= entries.size() || entries[run].currency != currency) run = entry_of(entries, currency);
    CurrencyRisk& c = entries[run];
    const PositionValue& v = rows[i]->value;
    const double usd_per_unit = p.is_inverse() ? v.index : 1.0;
    c.equity += value_in_settlement(p, v);
    c.initial_margin += v.initial_margin_usd / usd_per_unit;
    c.maintenance_margin += v.maintenance_margin_usd / usd_per_unit;
    if (isolated) c.available_margin -= p.position->isolated_margin;  // in its settlement currency
  }
  for (auto& entry : entries) {
    // A coin's index even when collateralPrices prices its balance otherwise: its positions are
    // valued at the index. Other assets: their collateral price, which every held asset and
    // every settlement currency (USDC, USDT) has.
    const auto market = prepared.market->underlyings.find(entry.currency);
    if (market != prepared.market->underlyings.end()) {
      entry.index = market->second.index_price;
    } else {
      collateral_price(*prepared.market, entry.currency, "", entry.index);
    }
    entry.equity += entry.balance;
    // As the USD totals: cross, equity - IM; isolated, the balance no position holds.
    entry.available_margin =
        isolated ? entry.balance + entry.available_margin : entry.equity - entry.initial_margin;
  }
  small_sort(entries.begin(), entries.end(),
             [](const CurrencyRisk& a, const CurrencyRisk& b) { return a.currency < b.currency; });
  return entries;
}

}  // namespace marginkit
