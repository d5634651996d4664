// The engine's revaluation rule (README "Account risk"), written as public input: a market with
// one underlying's index moved by a ratio, as the liquidation search and the account Greeks move
// it. Shared by the tests that check those against mk.accountRisk on moved markets.
import assert from 'node:assert/strict';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const MS_PER_YEAR = 365 * 86_400_000;

// 'BTC-27DEC26-100000-C' / 'ETH_USDC-27DEC26-3500-P' / 'BTC-27DEC26' / 'BTC_USDC-PERPETUAL' /
// 'BTC_USDC' (spot).
export function parseName(name) {
  const [head, expiry, strike, cp] = name.split('-');
  const [underlying, quote] = head.split('_');
  const info = { underlying, settlement: quote ? 'linear' : 'inverse', kind: expiry ? 'perpetual' : 'spot' };
  if (expiry && expiry !== 'PERPETUAL') {
    const m = expiry.match(/^(\d{1,2})([A-Z]{3})(\d\d)$/);
    info.expiryCode = expiry;
    info.expiryMs = Date.UTC(2000 + Number(m[3]), MONTHS.indexOf(m[2]), Number(m[1]), 8);
    info.kind = strike ? 'option' : 'future';
  }
  if (strike) {
    info.strike = Number(strike);
    info.type = cp === 'C' ? 'call' : 'put';
  }
  return info;
}

// The market with `underlying`'s index moved by `ratio`: forwards in proportion, vols at the same
// moneyness (the smile is given by strike, so its strikes move with the index), futures marks in
// proportion, the coin's collateral price in proportion (a haircut price stays the same fraction
// of the index), and a marked option repriced (mk.impliedVol, mk.price) at its implied vol, which
// is held. A marked option's expiry needs a given forward.
export function moveMarket(mk, market, underlying, ratio) {
  const moved = structuredClone(market);
  const u = moved.underlyings[underlying];
  u.index *= ratio;
  for (const key of Object.keys(u.forwards ?? {})) u.forwards[key] *= ratio;
  if (u.vol && typeof u.vol === 'object' && u.vol.smile) {
    for (const point of u.vol.smile) point.strike *= ratio;
  }
  if (moved.collateralPrices?.[underlying] !== undefined) moved.collateralPrices[underlying] *= ratio;
  const timeMs = typeof market.time === 'number' ? market.time : Date.parse(market.time);
  for (const [name, mark] of Object.entries(market.markPrices ?? {})) {
    const info = parseName(name);
    if (info.underlying !== underlying) continue;
    if (info.kind !== 'option') {
      moved.markPrices[name] = mark * ratio;
      continue;
    }
    const forward = market.underlyings[underlying].forwards?.[info.expiryCode];
    assert.ok(forward, `test setup: give a forward for ${name}'s expiry`);
    const option = {
      type: info.type, model: 'black76', underlying: forward, strike: info.strike,
      t: (info.expiryMs - timeMs) / MS_PER_YEAR, rate: market.underlyings[underlying].rate ?? 0,
      settlement: info.settlement,
    };
    const vol = mk.impliedVol({ ...option, price: mark });
    moved.markPrices[name] = mk.price({ ...option, underlying: forward * ratio, vol }).price;
  }
  return moved;
}
