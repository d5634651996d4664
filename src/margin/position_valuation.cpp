#include "margin/position_valuation.hpp"

#include <algorithm>
#include <cmath>

#include "common/minsize.hpp"
#include "margin/standard_margin.hpp"
#include "market/market_lookup.hpp"
#include "pricing/black_scholes.hpp"
#include "pricing/implied_volatility.hpp"
#include "pricing/price_option.hpp"

namespace marginkit {

namespace {

Status missing(const std::string& field, const std::string& what) {
  return Status::error(ErrorCode::MISSING_MARKET_DATA, field, what);
}

// The Black-76 premium with the index (and the forward with it) moved by e^log_index_ratio, from
// the constants prepare_position worked out: ln(F/K) moves by the log ratio, the rest stays. A
// zero vol (a mark at intrinsic) is the intrinsic value: see zero_vol_greeks.
double moved_premium(const PreparedPosition& prepared, double vol, double log_index_ratio, double forward) {
  if (vol == 0.0) {
    const double omega = static_cast<double>(prepared.option_type);
    return prepared.discount * std::max(omega * (forward - prepared.strike), 0.0);
  }
  return black76_premium(prepared.option_type, forward, prepared.strike, prepared.discount, vol * prepared.sqrt_t,
                         prepared.log_forward_moneyness + log_index_ratio);
}

}  // namespace

// Fixed, or read off the smile at the strike's moneyness in the snapshot (sticky moneyness).
double option_vol_at(const PreparedPosition& prepared, double index_ratio) {
  if (!prepared.smile_vol) return prepared.vol;
  if (prepared.smile_located) return prepared.smile.vol_at(prepared.strike / index_ratio);
  return implied_vol_at(prepared.market->vols, prepared.valuation_time, prepared.position->instrument.expiry,
                        prepared.strike, index_ratio);
}

namespace {

// How an option's vol moves with the index S under sticky moneyness: d vol / dS and d2 vol / dS2
// (0 for a fixed vol: flat, per-expiry, implied from a mark). The smile is read at
// x = ln(K / r) with r = S / S0, so dx/dS = -1/S: vol' = -slope / S and
// vol'' = (curvature + slope) / S^2.
struct VolMove {
  double first = 0.0;
  double second = 0.0;
};
VolMove vol_move(const PreparedPosition& prepared, double index_ratio, double index) {
  if (!prepared.smile_vol) return {};
  const SmileVol s = prepared.smile_located
                         ? prepared.smile.vol_and_slopes_at(prepared.strike / index_ratio)
                         : smile_vol_at(prepared.market->vols, prepared.valuation_time,
                                        prepared.position->instrument.expiry, prepared.strike, index_ratio);
  return {-s.slope / index, (s.curvature + s.slope) / (index * index)};
}

// The value of a future, perpetual or spot holding with the index (and its mark) moved by
// index_ratio: value_position's value_usd, which every scenario valuation must repeat to the bit.
double linear_value_usd(const PreparedPosition& prepared, double index_ratio) {
  const double index = prepared.market->index_price * index_ratio;
  if (prepared.kind == InstrumentKind::spot) return prepared.size * index;
  const double mark = prepared.base_mark * index_ratio;
  if (prepared.is_inverse()) return prepared.size * (1.0 / prepared.entry_price - 1.0 / mark) * index;
  return prepared.size * (mark - prepared.entry_price);
}

// A premium is never below zero; see option_premium_usd.
double not_negative(double premium) { return std::max(premium, 0.0); }

// The zero-vol limit of Black-76, for an option whose mark is its discounted intrinsic value: the
// intrinsic value, delta 0 or 1 (discounted), no gamma or vega, theta from the discount alone.
Greeks zero_vol_greeks(const OptionSpec& spec) {
  Greeks g;
  const double omega = static_cast<double>(spec.type);
  const double discount = std::exp(-spec.rate * spec.t);
  const bool in_the_money = omega * (spec.underlying - spec.strike) > 0.0;
  g.price = in_the_money ? discount * omega * (spec.underlying - spec.strike) : 0.0;
  g.delta = in_the_money ? discount * omega : 0.0;
  g.theta = spec.rate * g.price;  // -dV/dt with V = e^(-rate t) x intrinsic
  return g;
}

// A given option mark at its discounted intrinsic value (to 1e-12 of the larger of the forward
// and the strike) is the zero-vol limit: no vol can be implied from it, and none is needed.
bool mark_at_intrinsic(const ImpliedVolRequest& request) {
  const double discount = std::exp(-request.rate * request.t);
  const double price_usd =
      request.settlement == Settlement::inverse ? request.price * request.underlying : request.price;
  const double omega = request.type == OptionType::call ? 1.0 : -1.0;
  const double intrinsic = std::max(omega * (request.underlying - request.strike), 0.0);
  return std::fabs(price_usd / discount - intrinsic) <= 1e-12 * std::max(request.underlying, request.strike);
}

// prepare_position's errors, out of line and compiled for size: their messages' string building
// stays out of the code every position runs.
[[gnu::cold, gnu::noinline]] MARGINKIT_MINSIZE Status no_market_data(const std::string& field,
                                                                     const Instrument& instrument) {
  return missing(field + ".instrument",
                 "no market data for underlying " + instrument.underlying + " (needed by " + instrument.name + ")");
}

[[gnu::cold, gnu::noinline]] MARGINKIT_MINSIZE Status expired(const std::string& field, const Instrument& instrument) {
  return Status::error(ErrorCode::INSTRUMENT_EXPIRED, field + ".instrument",
                       instrument.name + " expired at or before the valuation time");
}

[[gnu::cold, gnu::noinline]] MARGINKIT_MINSIZE Status mark_without_vol(const Status& s, const Instrument& instrument) {
  return Status::error(s.code, "market.markPrices." + instrument.name, s.message);
}

[[gnu::cold, gnu::noinline]] MARGINKIT_MINSIZE Status no_vol(const std::string& field, const Instrument& instrument) {
  return missing(field + ".instrument", "no implied vol for " + instrument.underlying + " options (market.underlyings." +
                                            instrument.underlying + ".vol)");
}

}  // namespace

double option_premium_usd(const PreparedPosition& prepared, double index_ratio) {
  const double forward = prepared.base_forward * index_ratio;
  return not_negative(moved_premium(prepared, option_vol_at(prepared, index_ratio), std::log(index_ratio), forward));
}

double size_in_coins(const Position& position, double forward) {
  const auto& instrument = position.instrument;
  const bool usd_sized = instrument.is_inverse() && !instrument.is_option();
  return usd_sized ? position.size / forward : position.size;
}

// Compiled for size in the wasm build: it runs once per position when an account is prepared and
// a few times per preview (the ordered instruments), outside the searches' loops.
MARGINKIT_MINSIZE Status prepare_position(const Position& position, const MarketSnapshot& market,
                                          const std::string& field, PreparedPosition& out) {
  const Instrument& instrument = position.instrument;
  const auto found = market.underlyings.find(instrument.underlying);
  if (found == market.underlyings.end()) {
    return no_market_data(field, instrument);
  }
  PreparedPosition prepared;
  prepared.set_position(position);
  prepared.kind = instrument.kind;
  prepared.settlement = instrument.settlement;
  prepared.option_type = instrument.option_type;
  prepared.strike = instrument.strike;
  prepared.market = &found->second;
  prepared.valuation_time = market.valuation_time;
  const UnderlyingMarket& underlying = found->second;
  if (instrument.has_expiry() && instrument.expiry <= market.valuation_time) {
    return expired(field, instrument);
  }
  prepared.t = instrument.has_expiry() ? years_between(market.valuation_time, instrument.expiry) : 0.0;
  prepared.base_forward = underlying.index_price;
  if (instrument.has_expiry()) {
    if (auto s = checked_forward_price(underlying, market.valuation_time, instrument.expiry,
                                       "market.underlyings." + instrument.underlying + ".forwards",
                                       prepared.base_forward);
        !s.ok()) {
      return s;
    }
  }
  const auto mark = market.mark_prices.find(instrument.name);
  prepared.base_mark = prepared.base_forward;
  if (!instrument.is_option()) {
    if (mark != market.mark_prices.end()) prepared.base_mark = mark->second;
  } else if (mark != market.mark_prices.end()) {
    // A given option mark fixes this option's vol: its implied vol, held at this moneyness.
    ImpliedVolRequest request;
    request.type = instrument.option_type;
    request.model = PricingModel::black76;
    request.underlying = prepared.base_forward;
    request.strike = instrument.strike;
    request.t = prepared.t;
    request.rate = underlying.rate;
    request.price = mark->second;
    request.settlement = instrument.settlement;
    prepared.given_mark = mark->second;
    if (mark_at_intrinsic(request)) {
      prepared.vol = 0.0;
    } else if (auto s = implied_volatility(request, prepared.vol); !s.ok()) {
      return mark_without_vol(s, instrument);
    }
  } else if (underlying.vols.empty()) {
    return no_vol(field, instrument);
  } else {
    prepared.smile_vol = !underlying.vols.smile.empty();
    prepared.vol = implied_vol_at(underlying.vols, market.valuation_time, instrument.expiry,
                                  instrument.strike, 1.0);
  }
  if (instrument.is_option()) {
    prepared.sqrt_t = std::sqrt(prepared.t);
    prepared.discount = std::exp(-underlying.rate * prepared.t);
    prepared.log_forward_moneyness = std::log(prepared.base_forward / instrument.strike);
    if (prepared.smile_vol && smile_is_sorted(underlying.vols.smile)) {
      prepared.smile = locate_expiry_smile(underlying.vols.smile, market.valuation_time, instrument.expiry);
      prepared.smile_located = true;
    }
  }
  out = prepared;
  return Status::success();
}

PositionValue value_position(const PreparedPosition& prepared, const MarginSchedule& schedule,
                             double index_ratio, bool with_greeks) {
  return value_position(prepared, schedule, index_ratio, std::log(index_ratio), with_greeks);
}

PositionValue value_position(const PreparedPosition& prepared, const MarginSchedule& schedule,
                             double index_ratio, double log_index_ratio, bool with_greeks) {
  // Everything read here is in `prepared` (see PreparedPosition) but a non-sorted smile's expiry.
  PositionValue v;
  v.index = prepared.market->index_price * index_ratio;
  const double forward = prepared.base_forward * index_ratio;
  v.forward = forward;
  v.years_to_expiry = prepared.t;
  // Coins held in USD: the premium of an inverse option, the P&L of an inverse future.
  const double coin_usd = v.index;
  const double size = prepared.size;
  const double strike = prepared.strike;
  const bool inverse = prepared.is_inverse();

  if (prepared.is_option()) {
    OptionSpec spec;
    spec.type = prepared.option_type;
    spec.model = PricingModel::black76;
    spec.underlying = forward;
    spec.strike = strike;
    spec.t = prepared.t;
    spec.vol = option_vol_at(prepared, index_ratio);
    spec.rate = prepared.market->rate;
    // USD per coin; the Greeks only when asked (liquidation searches revalue without them).
    const Greeks g = !with_greeks ? Greeks{} : spec.vol == 0.0 ? zero_vol_greeks(spec) : price_option_unchecked(spec);
    v.vol = spec.vol;
    // At the snapshot a given mark is the price, as given (its implied vol reprices it only to
    // rounding: 0.0241 would come back as 0.024099999999999983).
    const bool given = index_ratio == 1.0 && !std::isnan(prepared.given_mark);
    const double given_usd = inverse ? prepared.given_mark * forward : prepared.given_mark;
    // The premium is the same with or without the Greeks (not g.price, which rounds apart): a
    // fill at the mark (orders.cpp, without Greeks) then has P&L 0 and the IM its margin was
    // given, to the bit, in the row valued with them.
    const double premium_usd =
        given ? given_usd : not_negative(moved_premium(prepared, spec.vol, log_index_ratio, forward));
    // value_usd of an inverse option: coins (premium / F) held at the index.
    const double to_usd = inverse ? coin_usd / forward : 1.0;
    v.mark = given ? prepared.given_mark : inverse ? premium_usd / forward : premium_usd;
    v.value_usd = size * premium_usd * to_usd;
    v.unrealized_pnl_usd = size * (v.mark - prepared.entry_price) * (inverse ? coin_usd : 1.0);
    v.notional_usd = std::fabs(size) * forward;
    // The formula's price R: the forward, or the index (schedule.options.reference); the entry
    // price in USD per coin for a max(entry, mark) premium basis (inverse: coins at the forward).
    const double reference = schedule.options.reference == ReferencePrice::index ? v.index : forward;
    const double entry_usd = inverse ? prepared.entry_price * forward : prepared.entry_price;
    const OptionMargin margin = option_margin(schedule.options, prepared.option_type, reference, strike,
                                              premium_usd, entry_usd);
    if (size < 0) {
      v.initial_margin_usd = -size * margin.initial * to_usd;
      v.maintenance_margin_usd = -size * margin.maintenance * to_usd;
      v.otm_credit_usd = -size * margin.otm * to_usd;
    }
    if (with_greeks) {
      // value_usd = size x to_usd x P(F, vol) along the move, with to_usd = S / F fixed (inverse)
      // or 1, F = basis x S and the vol by sticky moneyness (vol_move): the chain rule, twice.
      const double basis = forward / v.index;  // dF/dS
      const VolMove dvol = vol_move(prepared, index_ratio, v.index);
      v.delta_coins = size * to_usd * (g.delta * basis + g.vega * dvol.first);
      v.gamma_per_usd = size * to_usd *
                        (g.gamma * basis * basis + 2.0 * g.vanna * basis * dvol.first +
                         g.volga * dvol.first * dvol.first + g.vega * dvol.second);
      v.vega_usd = size * g.vega * kVolPoint * to_usd;
      v.theta_usd_per_day = size * g.theta / kDaysPerYear * to_usd;
    }
    return v;
  }

  const double mark = prepared.base_mark * index_ratio;
  v.mark = mark;
  if (prepared.kind == InstrumentKind::spot) {
    v.value_usd = size * v.index;
    v.unrealized_pnl_usd = size * (v.index - prepared.entry_price);
    v.notional_usd = std::fabs(size) * v.index;
    if (with_greeks) v.delta_coins = size;
    return v;
  }
  // Futures and perpetuals.
  // The size tier counts coins at this mark (inverse futures are sized in USD).
  const double coins = inverse ? size / mark : size;  // size_in_coins
  if (inverse) {
    // size is USD notional: P&L in coins = size (1/entry - 1/mark), held at the index.
    const double pnl_coins = size * (1.0 / prepared.entry_price - 1.0 / mark);
    v.value_usd = pnl_coins * coin_usd;
    v.notional_usd = std::fabs(size) * coin_usd / mark;
    if (with_greeks) v.delta_coins = size / prepared.entry_price;  // value = size (S/entry - I0/mark0)
  } else {
    v.value_usd = size * (mark - prepared.entry_price);
    v.notional_usd = std::fabs(size) * mark;
    if (with_greeks) v.delta_coins = size * mark / v.index;
  }
  v.unrealized_pnl_usd = v.value_usd;
  const FuturesMargin margin = futures_margin(schedule.futures, std::fabs(coins), v.notional_usd);
  v.initial_margin_usd = margin.initial_rate * v.notional_usd;
  v.maintenance_margin_usd = margin.maintenance_rate * v.notional_usd;
  return v;
}

namespace {

// An option's value (value_usd) with the index moved by `ratio`, `years` from expiry, its premium
// discounted by `discount`, at `vol` (shocked already): what both forms of moved_value_usd compute.
double moved_option_value_usd(const PreparedPosition& prepared, double ratio, double log_ratio, double years,
                              double discount, double vol) {
  const double index = prepared.market->index_price * ratio;
  const double forward = prepared.base_forward * ratio;
  const double omega = static_cast<double>(prepared.option_type);
  double premium = 0.0;
  if (years <= 0.0) {
    premium = std::max(omega * (forward - prepared.strike), 0.0);  // expired: intrinsic, settled
  } else {
    premium = vol == 0.0 ? discount * std::max(omega * (forward - prepared.strike), 0.0)
                         : black76_premium(prepared.option_type, forward, prepared.strike, discount,
                                           vol * std::sqrt(years), prepared.log_forward_moneyness + log_ratio);
  }
  const double to_usd = prepared.is_inverse() ? index / forward : 1.0;
  return prepared.size * not_negative(premium) * to_usd;
}

}  // namespace

double moved_value_usd(const PreparedPosition& prepared, const UnderlyingMove& move) {
  const double ratio = move.spot_ratio;
  // Futures, perpetuals and spot move with the index alone (no vol, no time value).
  if (!prepared.is_option()) return linear_value_usd(prepared, ratio);
  const double years = prepared.t - move.days / kDaysPerYear;
  if (years <= 0.0) return moved_option_value_usd(prepared, ratio, 0.0, years, 1.0, 0.0);
  const double vol = shocked_vol(option_vol_at(prepared, ratio), years, move.vol);
  const double discount = years == prepared.t ? prepared.discount : std::exp(-prepared.market->rate * years);
  return moved_option_value_usd(prepared, ratio, std::log(ratio), years, discount, vol);
}

double moved_value_usd(const PreparedPosition& prepared, double spot_ratio, double log_spot_ratio, double vol,
                       const VolShock& shock, double term) {
  // moved_value_usd's arithmetic with days = 0: years = t, the snapshot's discount.
  if (!prepared.is_option()) return linear_value_usd(prepared, spot_ratio);
  return moved_option_value_usd(prepared, spot_ratio, log_spot_ratio, prepared.t, prepared.discount,
                                shocked_vol_with_term(vol, term, shock));
}

}  // namespace marginkit
