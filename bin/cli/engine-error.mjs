// A MarginKitError from the engine, reported as the CLI reports any bad input: against the file
// or flag it came from, with its JSON path and what was expected.
import { CliError } from './cli-error.mjs';
import { DOCUMENT_HINTS } from './hints.mjs';
import { describeProblem, locateProblem } from './input-sources.mjs';

function hintFor(error, source, sources) {
  if (error.code === 'MISSING_MARKET_DATA') {
    return `the market (${sources.market.label}) lacks it: an underlying needs its index (and vol for options); `
      + 'a collateral asset that is not a coin or USD stable coin needs market.collateralPrices';
  }
  if (sources.modeFlag && source?.kind === 'account'
    && (error.code === 'MISSING_ISOLATED_MARGIN' || /isolatedMargin/.test(error.field))) {
    return `--mode ${sources.modeFlag} replaced the account's mode: isolated accounts give every position an `
      + 'isolatedMargin, other modes none';
  }
  if (error.code === 'INSTRUMENT_EXPIRED') return 'an expiry at or before market.time cannot be valued: check market.time';
  return DOCUMENT_HINTS[source?.kind] ?? null;
}

export function engineErrorToCliError(error, sources) {
  if (error?.name !== 'MarginKitError') throw error;
  if (error.code === 'INTERNAL' || error.code === 'NON_FINITE_RESULT') {
    return new CliError('ENGINE_BUG', `marginkit could not answer (${error.code}): ${error.message}`,
      { path: error.field, hint: 'this is a bug in marginkit: please report it with the input files' });
  }
  const located = locateProblem(sources, error.field);
  const line = located
    ? describeProblem(located.source, located.rawPath, error.message, { code: error.code, prefix: error.field })
    : { text: `${error.field}: ${error.message}`, path: error.field, file: null };
  return new CliError(error.code, line.text, { file: line.file, path: line.path, hint: hintFor(error, located?.source, sources) });
}
