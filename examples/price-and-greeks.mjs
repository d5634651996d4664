// Values a small options book with marginkit: premium and Greeks per position (inverse options in
// coins, as Deribit shows them; linear ones in USD), the book's totals, and an implied-vol round
// trip. Run with `npm start` (or `node examples/price-and-greeks.mjs` after `npm run build`).
import { readFileSync } from 'node:fs';
import { createMarginKit } from 'marginkit';

const book = JSON.parse(readFileSync(new URL('./sample-options.json', import.meta.url), 'utf8'));
const mk = await createMarginKit();

const rows = book.positions.map((position) => {
  const market = book.markets[position.underlying];
  /** @type {import('marginkit').OptionInput} */
  const option = {
    type: position.type,
    model: 'black76',
    underlying: market.forward,
    strike: position.strike,
    t: position.days / 365,
    vol: position.vol,
    rate: market.rate,
    settlement: position.settlement,
    units: 'trader', // vega per vol point, theta per day
  };
  const g = mk.price(option);
  const currency = position.settlement === 'inverse' ? position.underlying : 'USD';
  // Position value and sensitivities in USD, whatever the settlement.
  const toUsd = position.settlement === 'inverse' ? market.forward : 1;
  const impliedVol = mk.impliedVol({ ...option, price: g.price });
  return {
    instrument: position.instrument,
    size: position.size,
    premium: `${g.price.toFixed(currency === 'USD' ? 2 : 5)} ${currency}`,
    delta: g.delta.toFixed(4),
    gamma: g.gamma.toExponential(3),
    'vega/vol pt': g.vega.toFixed(currency === 'USD' ? 2 : 5),
    'theta/day': g.theta.toFixed(currency === 'USD' ? 2 : 5),
    'iv round trip': `${(impliedVol * 100).toFixed(6)} %`,
    valueUsd: position.size * g.price * toUsd,
    vegaUsd: position.size * g.vega * toUsd,
    thetaUsd: position.size * g.theta * toUsd,
  };
});

console.log(`marginkit ${mk.version}: option book valued at forwards ${Object.entries(book.markets)
  .map(([coin, m]) => `${coin} ${m.forward}`).join(', ')}\n`);
console.table(rows.map(({ valueUsd, vegaUsd, thetaUsd, ...shown }) => shown));

const total = (key) => rows.reduce((sum, row) => sum + row[key], 0);
console.log('Book totals in USD (long positive):');
console.table({
  'mark value': total('valueUsd').toFixed(2),
  'vega per vol point': total('vegaUsd').toFixed(2),
  'theta per day': total('thetaUsd').toFixed(2),
});

try {
  mk.price({ type: 'call', model: 'black76', underlying: 98000, strike: 100000, t: -1 / 365, vol: 0.5 });
} catch (error) {
  console.log(`\nBad input is reported, not guessed: ${error.name} ${error.code} on '${error.field}': ${error.message}`);
}
