// How the confirmation window writes numbers. Pure, so that the Chromium test formats node's
// preview the same way and compares text. Fixed to en-US: a wallet would use the user's locale.
const usdFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const sizeFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 8 });

// What rounds to zero is written "0.00", never "-0.00": a sign a user would read as a loss.
const noNegativeZero = (x, decimals) => (Math.abs(x) < 0.5 * 10 ** -decimals ? 0 : x);

export function usd(amount) {
  return `${usdFormat.format(noNegativeZero(amount, 2))} USD`;
}

// A signed distance from the index, in percent: "+9.89 %", "-49.24 %".
export function signedPercent(percent) {
  const shown = noNegativeZero(percent, 2);
  return `${shown > 0 ? '+' : ''}${shown.toFixed(2)} %`;
}

// MM / equity as a percentage; marginkit gives null when equity is not positive.
export function ratio(fraction) {
  return fraction === null ? 'n/a (equity not positive)' : `${(fraction * 100).toFixed(2)} %`;
}

export function size(contracts) {
  return sizeFormat.format(contracts);
}

// One order as "sell 3 BTC-26DEC26-110000-C" (an instrument given by fields shows its JSON).
export function order(input) {
  const orders = Array.isArray(input) ? input : [input];
  return orders.map((o) => {
    const instrument = typeof o?.instrument === 'string' ? o.instrument : JSON.stringify(o?.instrument);
    return `${o?.side} ${o?.size} ${instrument}${o?.price === undefined ? '' : ` at ${o.price}`}`;
  }).join('; ');
}

// A liquidation (or any) price level: "107,691.52 USD (+9.89 %)".
export function level(priceLevel) {
  return `${usd(priceLevel.price)} (${signedPercent(priceLevel.distancePercent)})`;
}
