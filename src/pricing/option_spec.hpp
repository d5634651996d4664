#pragma once
// Plain value types for one European option valuation. No maths here.
#include <cstdint>

namespace marginkit {

enum class OptionType : std::int8_t { call = 1, put = -1 };

// bsm: Black-Scholes-Merton on a spot price with continuous yield `carry` (q); forward S*e^((r-q)t).
// black76: Black (1976) on a forward or futures price; `carry` is ignored.
enum class PricingModel : std::int8_t { bsm = 0, black76 = 1 };

// linear: premium and Greeks in the quote currency (USD, USDC).
// inverse: coin-settled as on Deribit; premium and Greeks in the underlying coin (see inverse.hpp).
enum class Settlement : std::int8_t { linear = 0, inverse = 1 };

// annual: vega and volga per 1.00 of vol, vanna per 1.00 of vol, theta and charm per year,
//         rho per 1.00 of rate (the textbook derivatives).
// trader: vega, vanna per vol point (0.01), volga per vol point squared, theta and charm per
//         calendar day (1/365), rho per 1 % of rate.
enum class GreekUnits : std::int8_t { annual = 0, trader = 1 };

struct OptionSpec {
  OptionType type = OptionType::call;
  PricingModel model = PricingModel::bsm;
  double underlying = 0.0;  // spot S (bsm) or forward F (black76), quote currency per coin
  double strike = 0.0;      // K, quote currency
  double t = 0.0;           // years to expiry, ACT/365
  double vol = 0.0;         // annualised volatility as a decimal (0.65 = 65 %)
  double rate = 0.0;        // continuously compounded risk-free rate, decimal
  double carry = 0.0;       // continuous yield q (bsm only), decimal
  Settlement settlement = Settlement::linear;
  GreekUnits units = GreekUnits::annual;
};

// Sign convention: every Greek is the sensitivity of the value of one long option. theta and
// charm are the change as calendar time passes (minus the derivative in time to expiry), so a
// long option's theta is usually negative.
struct Greeks {
  double price = 0.0;  // premium
  double delta = 0.0;  // dV/dS (bsm) or dV/dF (black76)
  double gamma = 0.0;  // d2V/dS2
  double vega = 0.0;   // dV/dvol
  double theta = 0.0;  // -dV/dt
  double rho = 0.0;    // dV/dr (bsm: q held; black76: F held)
  double vanna = 0.0;  // d2V/dS dvol
  double volga = 0.0;  // d2V/dvol2 (vomma)
  double charm = 0.0;  // -d(delta)/dt
};

}  // namespace marginkit
