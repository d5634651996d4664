// The flags and files of one command turned into the engine's arguments (account, market,
// orders, config, stress moves), each remembered with where it came from for error messages.
import { fileURLToPath } from 'node:url';
import { MODES } from './arguments.mjs';
import { CliError } from './cli-error.mjs';
import { DOCUMENT_HINTS } from './hints.mjs';
import { configSource, documentRoot, fileSource, moveSource } from './input-sources.mjs';
import { readJsonFile } from './json-file.mjs';
import { parseStressFlags } from './stress-spec.mjs';

const SAMPLE_FILE = fileURLToPath(new URL('../../examples/sample-account.json', import.meta.url));
const SAMPLE_LABEL = 'examples/sample-account.json';

function readSample() {
  return readJsonFile(SAMPLE_FILE, { root: () => 'sample', hint: 'the package\'s sample file is missing or damaged: reinstall marginkit' });
}

function readInput(flagValue, kind, sample, sampleKey) {
  if (flagValue !== undefined) {
    const document = readJsonFile(flagValue, { root: (parsed) => documentRoot(kind, parsed), hint: DOCUMENT_HINTS[kind] });
    return { document, source: fileSource(flagValue, kind, document) };
  }
  if (sample && sample[sampleKey] !== undefined) {
    return { document: sample[sampleKey], source: fileSource(SAMPLE_LABEL, kind, sample[sampleKey]) };
  }
  return { document: null, source: null };
}

export function loadInputs(command, flags) {
  // Stress moves first: a typo in one is found before any file is read.
  const moves = parseStressFlags(flags.stress);
  const sample = flags.sample ? readSample() : null;
  let { document: account, source: accountSource } = readInput(flags.account, 'account', sample, 'account');
  const market = readInput(flags.market, 'market', sample, 'market');
  const orders = readInput(flags.order, 'orders', sample, 'order');

  const isObject = account !== null && typeof account === 'object' && !Array.isArray(account);
  if (flags.mode && isObject) {
    account = { ...account, mode: flags.mode };
    accountSource = { ...accountSource, document: account };
  }
  const mode = isObject ? (account.mode ?? 'cross') : null;

  const config = {};
  if (flags.profile !== undefined) config.profile = flags.profile;
  if (flags.portfolioModel !== undefined) {
    if (MODES.includes(mode) && mode !== 'portfolio') {
      throw new CliError('MODE_CONFLICT', `--portfolio-model ${flags.portfolioModel} applies in portfolio mode only, and the account's mode is ${mode}`,
        { hint: 'add --mode portfolio, or set "mode": "portfolio" in the account file' });
    }
    config.portfolioModel = flags.portfolioModel;
  }

  return {
    command,
    account,
    market: market.document,
    orders: orders.document,
    config,
    moves,
    mode,
    failOn: flags.failOn ?? 'liquidation',
    sample: Boolean(flags.sample),
    sources: {
      account: accountSource,
      market: market.source,
      orders: orders.source,
      config: configSource(config, { profile: flags.profile, portfolioModel: flags.portfolioModel }),
      moves: moves.map(({ spec, move }) => moveSource(spec, move)),
      modeFlag: flags.mode ?? null,
    },
  };
}
