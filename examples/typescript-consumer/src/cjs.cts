// A CommonJS consumer in TypeScript: `import x = require('marginkit')` resolves the "require"
// condition (dist/marginkit.d.cts) and is fully typed. (A plain `const x = require('marginkit')`
// in a .ts/.cts file is untyped `any`; see require.cjs for typed `require` in JavaScript.)
import marginkit = require('marginkit');

const { createMarginKit, MarginKitError } = marginkit;

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
function expectType<T extends true>(): void {}
expectType<Equal<Awaited<ReturnType<typeof createMarginKit>>, marginkit.MarginKit>>();
expectType<Equal<marginkit.MarginKitError['code'], marginkit.ErrorCode>>();

const option: marginkit.OptionInput = {
  type: 'put', model: 'bsm', underlying: 3_200, strike: 3_000, t: 0.5, vol: 0.7, rate: 0.05, carry: 0.01,
};

async function main(): Promise<void> {
  const mk = await createMarginKit();
  const greeks: marginkit.Greeks = mk.price(option);
  const vol: number = mk.impliedVol({ ...option, price: greeks.price });
  const batch: marginkit.BatchResult = mk.priceBatch({
    type: [1, -1], underlying: option.underlying, strike: [2_800, 3_600], t: option.t, vol: option.vol,
  });
  console.log(mk.version, greeks.delta, vol, batch.price);
  try {
    mk.impliedVol({ ...option, price: 1e9 });
  } catch (error) {
    if (error instanceof MarginKitError && error.code === 'PRICE_OUT_OF_BOUNDS') {
      console.log(`rejected: ${error.field}`);
    } else {
      throw error;
    }
  }
  // @ts-expect-error 'american' is not a PricingModel
  mk.price({ ...option, model: 'american' });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
