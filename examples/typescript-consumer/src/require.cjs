// @ts-check
// A CommonJS consumer in JavaScript: `const { ... } = require('marginkit')` is typed by the
// package's dist/marginkit.d.cts when the editor (or tsc with allowJs + checkJs) checks JS.
const { createMarginKit, MarginKitError } = require('marginkit');

/** @type {import('marginkit').OptionInput} */
const option = { type: 'call', model: 'black76', underlying: 50_000, strike: 50_000, t: 0.25, vol: 0.6 };

async function main() {
  const mk = await createMarginKit();
  const greeks = mk.price(option);
  /** @type {number} */
  const vol = mk.impliedVol({ ...option, price: greeks.price });
  console.log(greeks.price.toFixed(2), vol);
  try {
    mk.price({ ...option, vol: -1 });
  } catch (error) {
    if (!(error instanceof MarginKitError)) throw error;
    /** @type {import('marginkit').ErrorCode} */
    const code = error.code;
    console.log(code, error.field);
  }
  // @ts-expect-error `vol` must be a number
  mk.price({ ...option, vol: '0.6' });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
