// Pricing exports: convert, call one core function, return. Enumerations arrive as the small
// integers web/src/pricing.mjs maps the strings to; validation of values happens in the core.
#include "bindings/convert.hpp"
#include "common/minsize.hpp"
#include "pricing/implied_volatility.hpp"
#include "pricing/price_batch.hpp"
#include "pricing/price_option.hpp"

using namespace marginkit;
using namespace marginkit::bindings;

// The Greeks in the reply's numbers, in Greeks' order (web/src/exports.mjs names them).
// One option a call (priceBatch is the fast way to price many): compiled for size.
MARGINKIT_EXPORT MARGINKIT_MINSIZE std::int32_t price(int type, int model, double underlying, double strike, double t,
                                                      double vol, double rate, double carry, int settlement, int units) {
  OptionSpec spec;
  spec.type = static_cast<OptionType>(type);
  spec.model = static_cast<PricingModel>(model);
  spec.underlying = underlying;
  spec.strike = strike;
  spec.t = t;
  spec.vol = vol;
  spec.rate = rate;
  spec.carry = carry;
  spec.settlement = static_cast<Settlement>(settlement);
  spec.units = static_cast<GreekUnits>(units);
  Reply& r = begin_reply();
  Greeks greeks;
  const Status status = price_option(spec, greeks);
  double* out = r.view.numbers;
  out[0] = greeks.price;
  out[1] = greeks.delta;
  out[2] = greeks.gamma;
  out[3] = greeks.vega;
  out[4] = greeks.theta;
  out[5] = greeks.rho;
  out[6] = greeks.vanna;
  out[7] = greeks.volga;
  out[8] = greeks.charm;
  return finish(status);
}

// The vol in the reply's numbers[0].
MARGINKIT_EXPORT std::int32_t impliedVol(int type, int model, double underlying, double strike, double t, double rate,
                                         double carry, double premium, int settlement) {
  ImpliedVolRequest request;
  request.type = static_cast<OptionType>(type);
  request.model = static_cast<PricingModel>(model);
  request.underlying = underlying;
  request.strike = strike;
  request.t = t;
  request.rate = rate;
  request.carry = carry;
  request.price = premium;
  request.settlement = static_cast<Settlement>(settlement);
  Reply& r = begin_reply();
  double vol = 0.0;
  const Status status = implied_volatility(request, vol);
  r.view.numbers[0] = vol;
  return finish(status);
}

// `columns` holds six (address, stride) pairs in the order underlying, strike, t, vol, rate,
// carry, as doubles; `outputs` addresses 6 * count doubles: price, delta, gamma, vega, theta, rho.
MARGINKIT_EXPORT int priceBatch(std::uintptr_t count, std::uintptr_t type_address, std::uintptr_t columns_address,
                                int model, int settlement, int units, std::uintptr_t outputs_address,
                                std::uintptr_t error_code_address) {
  const double* columns = heap_pointer<const double>(columns_address);
  auto column = [&](int i) {
    return BatchColumn{heap_pointer<const double>(static_cast<std::uintptr_t>(columns[2 * i])),
                       static_cast<std::size_t>(columns[2 * i + 1])};
  };
  BatchInputs in;
  in.count = count;
  in.type = heap_pointer<const std::int8_t>(type_address);
  in.underlying = column(0);
  in.strike = column(1);
  in.t = column(2);
  in.vol = column(3);
  in.rate = column(4);
  in.carry = column(5);
  in.model = static_cast<PricingModel>(model);
  in.settlement = static_cast<Settlement>(settlement);
  in.units = static_cast<GreekUnits>(units);
  double* out = heap_pointer<double>(outputs_address);
  BatchOutputs outputs{out,
                       out + count,
                       out + 2 * count,
                       out + 3 * count,
                       out + 4 * count,
                       out + 5 * count,
                       heap_pointer<std::int32_t>(error_code_address)};
  return static_cast<int>(price_batch(in, outputs));
}
