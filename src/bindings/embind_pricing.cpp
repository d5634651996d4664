// Pricing adapters: convert, call one core function, return. Enumerations arrive as the small
// integers web/src/pricing.mjs maps the strings to; validation of values happens in the core.
#include <emscripten/bind.h>

#include "bindings/convert.hpp"
#include "pricing/implied_volatility.hpp"
#include "pricing/price_batch.hpp"
#include "pricing/price_option.hpp"

namespace marginkit::bindings {
namespace {

struct PriceResult {
  StatusView status;
  Greeks greeks;
};

struct ImpliedVolResult {
  StatusView status;
  double vol = 0.0;
};

PriceResult price(int type, int model, double underlying, double strike, double t, double vol,
                  double rate, double carry, int settlement, int units) {
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
  PriceResult result;
  result.status = to_view(price_option(spec, result.greeks));
  return result;
}

ImpliedVolResult implied_vol(int type, int model, double underlying, double strike, double t,
                             double rate, double carry, double premium, int settlement) {
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
  ImpliedVolResult result;
  result.status = to_view(implied_volatility(request, result.vol));
  return result;
}

// `columns` holds six (address, stride) pairs in the order underlying, strike, t, vol, rate,
// carry, as doubles; `outputs` addresses 6 * count doubles: price, delta, gamma, vega, theta, rho.
int price_batch_raw(std::uintptr_t count, std::uintptr_t type_address,
                    std::uintptr_t columns_address, int model, int settlement, int units,
                    std::uintptr_t outputs_address, std::uintptr_t error_code_address) {
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

}  // namespace
}  // namespace marginkit::bindings

EMSCRIPTEN_BINDINGS(marginkit_pricing) {
  using namespace emscripten;
  using namespace marginkit;
  using namespace marginkit::bindings;
  value_object<StatusView>("StatusView")
      .field("code", &StatusView::code)
      .field("field", &StatusView::field)
      .field("message", &StatusView::message);
  value_object<Greeks>("Greeks")
      .field("price", &Greeks::price)
      .field("delta", &Greeks::delta)
      .field("gamma", &Greeks::gamma)
      .field("vega", &Greeks::vega)
      .field("theta", &Greeks::theta)
      .field("rho", &Greeks::rho)
      .field("vanna", &Greeks::vanna)
      .field("volga", &Greeks::volga)
      .field("charm", &Greeks::charm);
  value_object<PriceResult>("PriceResult")
      .field("status", &PriceResult::status)
      .field("greeks", &PriceResult::greeks);
  value_object<ImpliedVolResult>("ImpliedVolResult")
      .field("status", &ImpliedVolResult::status)
      .field("vol", &ImpliedVolResult::vol);
  function("_price", &price);
  function("_impliedVol", &implied_vol);
  function("_priceBatch", &price_batch_raw);
}
