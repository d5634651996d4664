// --help texts and --version. The texts are the CLI's manual: every flag, the stress syntax and
// units, what each --fail-on level means, and the exit codes.
import { readFileSync } from 'node:fs';

export function packageVersion() {
  return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
}

const INPUTS = `Inputs (JSON files, each one document as the API takes it; see marginkit.d.ts in the package):
  --account FILE           the account: { "mode"?, "collateral"?, "positions"? }
  --market FILE            the market: { "time", "underlyings", "markPrices"?, "collateralPrices"? }
  --order FILE             one order { "instrument", "side", "size", "price"?, ... } or an array of orders
  --sample                 the sample shipped with the package (examples/sample-account.json): its
                           account, market and order; --account, --market, --order replace a part`;

const MARGIN = `Margin:
  --mode MODE              cross | isolated | portfolio: replaces the account's "mode"
  --profile NAME           a venue's standard-margin rules: deribit (the default), derive, bybit, okx, bit
  --portfolio-model NAME   portfolio mode only: deribit (the default), span, derive-pm2`;

const STRESS = `Stress (--stress again, or moves separated by ';'):
  --stress MOVE            UNDERLYING:spot=-20%,vol=+30%[,volRelative=-10%][,days=7], or days=7 alone
      spot=-20%            the underlying's index 20 % lower (forwards, futures marks and the coin's
                           collateral price with it)
      vol=+30%             +30 vol points on every implied vol of the underlying, added: 52 % becomes
                           82 % (the engine's "vol": 0.3), not 52 % x 1.3
      volRelative=-10%     every implied vol of the underlying x 0.9
      days=7               the valuation time 7 days later, for the whole market
                           Percentages need their '%'. Each move is applied to the account as it
                           stands, before any order (mk.stress), and is a row of the stress table.`;

const RESULT = `Result:
  --fail-on LEVEL          when to exit 1 (the default is liquidation). The states looked at are the
                           account now (no order), before and after the order, and each stress move:
      liquidation          a state's status is liquidation
      margin_call          a state's status is margin_call or liquidation
      warning              a state's status is not healthy, or the preview gives any warning except
                           INCREASES_RISK and REDUCES_RISK (one of which every order gets: they say
                           which way it goes, not that anything is wrong)
                           A rejected order always exits 1.
  --json                   one JSON document on stdout instead of tables: the engine's answers
                           (risk, preview, stress) and what the CLI decided (decision)
  --help                   this help`;

const EXIT_CODES = `Exit codes: 0 passes; 1 the --fail-on condition holds or the order is rejected;
2 bad input or usage (the message names the file, the JSON path and what was expected), or the
engine could not run.`;

const TOP = `Usage: marginkit check --account FILE --market FILE [--order FILE] [options]
       marginkit preview --account FILE --market FILE --order FILE [options]
       marginkit check --sample | marginkit preview --sample
       marginkit --version | marginkit COMMAND --help

Margin, liquidation prices and pre-trade previews for crypto options, futures and perpetuals,
from JSON files, for terminals and CI jobs.

Commands:
  check      the account's margin and liquidation prices (with --order, also before and after it)
  preview    the pre-trade preview of an order: margin before and after, warnings, liquidation
             prices before and after, the largest size that fits, a top-up if rejected

${EXIT_CODES}`;

const CHECK = `Usage: marginkit check --account FILE --market FILE [--order FILE] [options]
       marginkit check --sample [options]

Checks an account's margin as it stands (with --order, before and after the order too) and exits
1 when the --fail-on condition holds or the order is rejected.

${INPUTS}

${MARGIN}

${STRESS}

${RESULT}

${EXIT_CODES}

Examples:
  npx marginkit check --sample
  npx marginkit check --account a.json --market m.json --fail-on margin_call \\
      --stress 'BTC:spot=-20%,vol=+30%;ETH:spot=-25%,days=7'
  npx marginkit check --account a.json --market m.json --mode portfolio --portfolio-model span --json`;

const PREVIEW = `Usage: marginkit preview --account FILE --market FILE --order FILE [options]
       marginkit preview --sample [options]

The pre-trade preview of an order (or several): margin before and after, accepted or not and why,
warnings, liquidation prices before and after, Greeks after, the largest size that fits, the
top-up a rejected order needs. Exits 1 when the order is rejected or the --fail-on condition holds.

${INPUTS}

${MARGIN}

${STRESS}

${RESULT}

${EXIT_CODES}

Examples:
  npx marginkit preview --sample
  npx marginkit preview --account a.json --market m.json --order o.json --json`;

export function helpText(command) {
  return `${{ check: CHECK, preview: PREVIEW }[command] ?? TOP}\n`;
}
