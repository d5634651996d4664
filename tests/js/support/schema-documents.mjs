// Good documents of every kind the schemas describe, each with the other documents an engine call
// needs, and how to ask the engine about a document of each kind (tests/js/schemas.test.mjs).
// They use every key the schemas know, so that mutating them reaches every rule.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isolatedSampleAccount } from './samples.mjs';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const readJson = (...parts) => JSON.parse(readFileSync(join(repoRoot, ...parts), 'utf8'));

export const sample = readJson('examples', 'sample-account.json');
const { account, market, order } = sample;
const shippedPm2 = readJson('portfolio-models', 'derive-pm2.json').model.params;
const span = readJson('portfolio-models', 'span.json').model;

// The sample market with every kind of market data: a time in milliseconds, a rate, flat, ATM and
// smile vols, marks (a perpetual, a future and an option within its no-arbitrage bounds) and
// collateral prices.
export const richMarket = {
  time: Date.parse(market.time),
  underlyings: {
    BTC: {
      index: 98_000,
      forwards: { '26DEC26': 98_400, '2027-03-26T08:00:00Z': 99_800 },
      rate: 0.01,
      vol: {
        flat: 0.5,
        atm: { '26DEC26': 0.52, '26MAR27': 0.55 },
        smile: [
          { expiry: '26DEC26', strike: 90_000, vol: 0.55 },
          { expiry: Date.UTC(2026, 11, 26, 8), strike: 110_000, vol: 0.5 },
        ],
      },
    },
    ETH: { index: 3_600, forwards: { '26DEC26': 3_612, '26MAR27': 3_660 }, vol: 0.68 },
  },
  markPrices: { 'BTC-PERPETUAL': 98_050, 'BTC-26MAR27': 99_700, 'BTC-26DEC26-100000-C': 0.05 },
  collateralPrices: { ETH: 3_590, USDT: 1 },
};

// The sample account with instruments by fields (an option, a linear future, a perpetual).
export const fieldsAccount = {
  mode: 'cross',
  collateral: { ...account.collateral, USDT: 1_000 },
  positions: [
    ...account.positions.slice(0, 3),
    { instrument: { kind: 'option', underlying: 'BTC', settlement: 'inverse', settlementAsset: 'BTC', expiry: '26DEC26', type: 'put', strike: 95_000 }, size: -1, entryPrice: 0.04 },
    { instrument: { kind: 'future', underlying: 'ETH', settlement: 'linear', settlementAsset: 'USDT', expiry: Date.UTC(2027, 2, 26, 8) }, size: 2, entryPrice: 3_650 },
    { instrument: { kind: 'perpetual', underlying: 'BTC' }, size: 10_000, entryPrice: 97_000 },
  ],
};

export const isolatedOrders = [
  { instrument: 'BTC_USDC-PERPETUAL', side: 'buy', size: 0.1, isolatedMargin: 1_000 },
  { instrument: 'BTC-26MAR27', side: 'sell', size: 1_000, leverage: 5 },
  { instrument: 'BTC-26DEC26-110000-C', side: 'sell', size: 1, price: 0.02, isolatedMargin: 0.1 },
];

export const crossOrders = [
  order,
  { instrument: { kind: 'option', underlying: 'ETH', settlement: 'linear', expiry: '26MAR27', type: 'call', strike: 4_000 }, side: 'buy', size: 2, price: 150 },
  { instrument: 'BTC_USDC', side: 'buy', size: 0.01 },
];

export const fullConfig = {
  profile: 'deribit',
  schedule: {
    options: { initialBase: 0.15, initialFloor: 0.1, otmRate: 1, maintenanceRate: 0.075, putMarkRate: 0.075,
      callMarkRate: 0, liquidationFeeRate: 0, putMaintenanceMultiple: 1, callMaintenanceMultiple: 0,
      referencePrice: 'forward', premiumBasis: 'mark' },
    futures: { initialRate: 0.02, maintenanceRate: 0.015, rateStep: 0.005, tierSize: 100 },
  },
  warningRatio: 0.8,
  liquidationLevels: true,
  liquidationWarningPercent: 10,
  sizeIncrement: 0.01,
  positions: 'changed',
  accountAfter: true,
};

export const tieredConfig = {
  profile: 'bybit',
  schedule: {
    futures: {
      tiers: [{ upTo: 10, initialRate: 0.02, maintenanceRate: 0.01 }, { upTo: 50, initialRate: 0.03, maintenanceRate: 0.02 }],
      tierUnit: 'coins',
      tierMode: 'whole',
    },
  },
};

export const gridConfig = { portfolioModel: { name: 'span', ...span } };
export const pm2Config = { portfolioModel: { name: 'derive-pm2', params: shippedPm2 } };
export const previewOptions = { liquidationWarningPercent: 5, sizeIncrement: 0.1, positions: 'changed', accountAfter: true };
export const stressMoves = [
  { BTC: { spot: -0.2, vol: 0.1, volRelative: 0.1 }, ETH: { spot: 0.3 }, days: 7 },
  { days: 0 },
];

// The bases the agreement test mutates: a kind, a good document, and the other documents its
// engine call takes.
export const BASES = [
  { name: 'the sample account', kind: 'account', doc: account, context: { market } },
  { name: 'an account with instruments by fields', kind: 'account', doc: fieldsAccount, context: { market: richMarket } },
  { name: 'the isolated sample account', kind: 'account', doc: isolatedSampleAccount(), context: { market } },
  { name: 'the sample market', kind: 'market', doc: market, context: { account } },
  { name: 'a market with every kind of data', kind: 'market', doc: richMarket, context: { account: fieldsAccount } },
  { name: 'the sample order', kind: 'orders', doc: order, context: { account, market } },
  { name: 'cross orders by name and fields, spot', kind: 'orders', doc: crossOrders, context: { account, market } },
  { name: 'isolated orders', kind: 'orders', doc: isolatedOrders, context: { account: isolatedSampleAccount(), market } },
  { name: 'a config with every standard key', kind: 'config', doc: fullConfig, context: { account, market } },
  { name: 'a config with a tier table', kind: 'config', doc: tieredConfig, context: { account, market } },
  { name: 'a config with the span model in full', kind: 'config', doc: gridConfig, context: { account, market } },
  { name: 'a config with derive-pm2 in full', kind: 'config', doc: pm2Config, context: { account, market } },
  { name: 'preview options', kind: 'preview-options', doc: previewOptions, context: { account, market, orders: order } },
  { name: 'stress moves', kind: 'stress-moves', doc: stressMoves, context: { account, market } },
  { name: 'one stress move', kind: 'stress-moves', doc: stressMoves[0], context: { account, market } },
];

// The engine's verdict on `doc` as a document of `kind`, the others from `context`: null when it
// accepts it, else the MarginKitError. `prepared` caches prepared accounts for preview options.
export function engineVerdict(mk, kind, doc, context) {
  const { account: a = account, market: m = market, orders = order, config } = context;
  try {
    switch (kind) {
      case 'account': mk.accountRisk(doc, m, { liquidationLevels: false }); break;
      case 'market': mk.accountRisk(a, doc, { liquidationLevels: false }); break;
      case 'orders': mk.preview(a, m, doc, { liquidationLevels: false }); break;
      case 'config': mk.accountRisk(a, m, doc === undefined ? undefined : doc); break;
      case 'stress-moves': mk.stress(a, m, doc); break;
      case 'preview-options': {
        const prepared = mk.prepare(a, m, { liquidationLevels: false });
        try {
          prepared.preview(orders, doc);
        } finally {
          prepared.delete();
        }
        break;
      }
      default: throw new Error(`no engine call for ${kind}`);
    }
    return null;
  } catch (error) {
    if (error?.name !== 'MarginKitError') throw error;
    return error;
  }
}
