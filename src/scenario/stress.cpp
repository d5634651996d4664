#include "scenario/stress.hpp"

#include <algorithm>
#include <cmath>

#include "common/checks.hpp"
#include "instruments/instrument_name.hpp"
#include "margin/position_valuation.hpp"

namespace marginkit {

namespace {

constexpr double kMsPerDay = 86400000.0;

double moved_vol(double vol, double years, const VolShock& shock) {
  return vol <= 0.0 ? vol : std::max(shocked_vol(vol, years, shock), kMinVolatility);
}

void move_underlying(UnderlyingMarket& u, const UnderlyingMove& m, TimestampMs now) {
  const double r = m.spot_ratio;
  u.index_price *= r;
  for (auto& f : u.forwards) f.price *= r;
  u.vols.flat_vol = moved_vol(u.vols.flat_vol, 0.0, m.vol);
  for (auto& a : u.vols.atm) a.vol = moved_vol(a.vol, years_between(now, a.expiry), m.vol);
  for (auto& s : u.vols.smile) {
    s.strike *= r;
    s.vol = moved_vol(s.vol, years_between(now, s.expiry), m.vol);
  }
}

// An option's mark in the moved market: its value under the move, per contract, in its quote.
Status moved_option_mark(const Instrument& instrument, const MarketSnapshot& base, const UnderlyingMove& move,
                         const std::string& field, double& mark) {
  Position probe;
  probe.instrument = instrument;
  probe.size = 1.0;
  probe.entry_price = 1.0;
  PreparedPosition prepared;
  if (auto s = prepare_position(probe, base, field, prepared); !s.ok()) return s;
  const double value_usd = moved_value_usd(prepared, move);
  const double quote = instrument.is_inverse() ? value_usd / (prepared.market->index_price * move.spot_ratio) : value_usd;
  mark = std::max(quote, kMinPrice);  // a mark is at least 1e-12 (the input limit)
  return Status::success();
}

}  // namespace

Status moved_market(const Account& account, const MarketSnapshot& base, const StressMove& move,
                    const std::string& field, MarketSnapshot& out) {
  MarketSnapshot market = base;
  market.valuation_time = base.valuation_time + static_cast<TimestampMs>(std::llround(move.days * kMsPerDay));
  for (const auto& position : account.positions) {
    const Instrument& instrument = position.instrument;
    if (instrument.has_expiry() && instrument.expiry <= market.valuation_time) {
      return Status::error(ErrorCode::OUT_OF_RANGE, field + ".days",
                           field + ".days: " + instrument.name + " would expire within the move");
    }
  }
  for (const auto& [name, m] : move.underlyings) {
    const auto found = market.underlyings.find(name);
    if (found == market.underlyings.end()) {
      return Status::error(ErrorCode::MISSING_MARKET_DATA, field + "." + name, "no market data for " + name);
    }
    move_underlying(found->second, m, base.valuation_time);
    const auto price = market.collateral_prices.find(name);
    if (price != market.collateral_prices.end()) price->second *= m.spot_ratio;
  }
  for (auto& [name, mark] : market.mark_prices) {
    Instrument instrument;
    if (!parse_instrument_name(name, "market.markPrices." + name, instrument).ok()) continue;
    const auto moved = move.underlyings.find(instrument.underlying);
    UnderlyingMove m = moved == move.underlyings.end() ? UnderlyingMove{} : moved->second;
    m.days = move.days;
    if (!instrument.is_option()) {
      mark *= m.spot_ratio;
    } else if (instrument.expiry > market.valuation_time) {
      if (auto s = moved_option_mark(instrument, base, m, "market.markPrices." + name, mark); !s.ok()) return s;
    }
  }
  out = std::move(market);
  return Status::success();
}

Status stress_account(const Account& account, const MarketSnapshot& market, const RiskConfig& config,
                      const std::vector<StressMove>& moves, std::vector<StressOutcome>& out) {
  PreparedAccount now_prepared;
  if (auto s = prepare_account(account, market, now_prepared); !s.ok()) return s;
  const AccountRisk now = account_risk(now_prepared, config);
  std::vector<StressOutcome> outcomes;
  for (std::size_t i = 0; i < moves.size(); ++i) {
    MarketSnapshot moved;
    if (auto s = moved_market(account, market, moves[i], "moves[" + std::to_string(i) + "]", moved); !s.ok()) {
      return s;
    }
    PreparedAccount prepared;
    if (auto s = prepare_account(account, moved, prepared); !s.ok()) return s;
    StressOutcome outcome;
    outcome.risk = account_risk(prepared, config);
    outcome.pnl_usd = outcome.risk.equity_usd - now.equity_usd;
    for (std::size_t p = 0; p < now.positions.size(); ++p) {
      outcome.position_pnl_usd.push_back(outcome.risk.positions[p].value.value_usd - now.positions[p].value.value_usd);
    }
    outcomes.push_back(std::move(outcome));
  }
  out = std::move(outcomes);
  return Status::success();
}

}  // namespace marginkit
