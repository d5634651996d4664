#pragma once
// Inverse (coin-settled) options, as on Deribit: the contract is on 1 coin, the payoff in USD is
// the usual max(S - K, 0), but it is paid in coins at expiry, so the coin value is
//   value_coin(S) = value_usd(S) / S
// where S is `underlying` (the forward for black76, the spot for bsm).
//
// Greeks are derivatives of value_coin, expressed so that they read as coin amounts:
//   delta_coin = S * d(value_coin)/dS = delta_usd - value_coin   (Deribit's "delta", in coins)
//   gamma_coin = d(delta_coin)/dS = gamma_usd - delta_coin / S   (coins per USD move)
//   vega, theta, rho, volga: the USD Greek divided by S           (coins per unit)
//   vanna_coin = d(delta_coin)/dvol = vanna_usd - vega_usd / S
//   charm_coin = -d(delta_coin)/dt  = charm_usd - theta_usd / S
//
// Worked example (documented in README and checked in tests): BTC forward 50,000, call K 50,000,
// t = 0.25, vol 0.60, r = 0 (black76): value_usd = F erf(0.3 / (2 sqrt 2)) = 5,961.77 so
// value_coin = 0.119235 BTC; delta_usd = N(0.15) = 0.559618 so delta_coin = 0.559618 - 0.119235 =
// 0.440382 BTC. A long call's coin P&L for a small move dS
// is about delta_coin * dS / S coins: the premium, held in BTC, loses coin value as BTC rises.
#include "pricing/option_spec.hpp"

namespace marginkit {

inline Greeks to_inverse(const Greeks& usd, double underlying) {
  const double inv_s = 1.0 / underlying;
  Greeks coin;
  coin.price = usd.price * inv_s;
  coin.delta = usd.delta - coin.price;
  coin.gamma = usd.gamma - coin.delta * inv_s;
  coin.vega = usd.vega * inv_s;
  coin.theta = usd.theta * inv_s;
  coin.rho = usd.rho * inv_s;
  coin.vanna = usd.vanna - usd.vega * inv_s;
  coin.volga = usd.volga * inv_s;
  coin.charm = usd.charm - usd.theta * inv_s;
  return coin;
}

}  // namespace marginkit
