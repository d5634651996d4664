// The option both the service worker and the popup price: a Black-76 call on a BTC future,
// at the money, three months out, 60 % vol (price_usd 5,961.77; see marginkit.d.ts).
export const OPTION = Object.freeze({
  type: 'call', model: 'black76', underlying: 50000, strike: 50000, t: 0.25, vol: 0.6,
});
