// Bad documents written by hand, mostly the reproducers of tests/js/strict_input.test.mjs and the
// engine's other documented refusals, each with the engine's code and field: the schemas must
// refuse each at that field (tests/js/schemas.test.mjs). { name, kind, doc, context, code, field }.
import { isolatedSampleAccount } from './samples.mjs';
import { sample } from './schema-documents.mjs';

const { account, market, order } = sample;
const clone = (x) => structuredClone(x);
const withBtc = (patch) => {
  const m = clone(market);
  Object.assign(m.underlyings.BTC, patch);
  return m;
};
const withPositions = (positions, extra = {}) => ({ collateral: { BTC: 1, USDC: 10_000 }, positions, ...extra });
const positionsWith = (i, key, value) => {
  const a = clone(account);
  a.positions[i][key] = value;
  return a;
};
const call = (expiry) => ({ kind: 'option', underlying: 'BTC', expiry, type: 'call', strike: 100_000 });
const inverseCall = { kind: 'option', underlying: 'BTC', expiry: '26DEC26', type: 'call', strike: 100_000 };
const tier = (upTo, initialRate, maintenanceRate) => ({ upTo, initialRate, maintenanceRate });
const isolated = isolatedSampleAccount();
const isolatedOrder = { instrument: 'BTC_USDC-PERPETUAL', side: 'buy', size: 0.1, isolatedMargin: 1000 };

const accountCase = (name, doc, code, field, m = market) => ({ name, kind: 'account', doc, context: { market: m }, code, field });
const marketCase = (name, doc, code, field, a = account) => ({ name, kind: 'market', doc, context: { account: a }, code, field });
const ordersCase = (name, doc, code, field, a = account) => ({ name, kind: 'orders', doc, context: { account: a, market }, code, field });
const configCase = (name, doc, code, field) => ({ name, kind: 'config', doc, context: { account, market }, code, field });

export const BAD_DOCUMENTS = [
  // Misspelt or misplaced keys.
  accountCase('account.postions', { mode: 'cross', collateral: account.collateral, postions: account.positions }, 'UNSUPPORTED_FIELD', 'account.postions'),
  accountCase('account.colateral', { colateral: account.collateral, positions: account.positions }, 'UNSUPPORTED_FIELD', 'account.colateral'),
  accountCase('account.mdoe', { ...isolated, mode: undefined, mdoe: 'isolated' }, 'UNSUPPORTED_FIELD', 'account.mdoe'),
  ordersCase('orders[0].prce', { ...order, prce: 0.001 }, 'UNSUPPORTED_FIELD', 'orders[0].prce'),
  ordersCase('orders[1].sise', [order, { ...order, sise: 1 }], 'UNSUPPORTED_FIELD', 'orders[1].sise'),
  marketCase('market.markPrice', { ...market, markPrice: { 'BTC-26DEC26-100000-C': 0.03 } }, 'UNSUPPORTED_FIELD', 'market.markPrice'),
  marketCase('markPrices under an underlying', withBtc({ markPrices: {} }), 'UNSUPPORTED_FIELD', 'market.underlyings.BTC.markPrices'),
  accountCase('collateralPrices in the account', { ...account, collateralPrices: { BTC: 1 } }, 'UNSUPPORTED_FIELD', 'account.collateralPrices'),
  marketCase('forwards at the market root', { ...market, forwards: { '26DEC26': 98_400 } }, 'UNSUPPORTED_FIELD', 'market.forwards'),
  marketCase('vol.smiel', withBtc({ vol: { flat: 0.5, smiel: [] } }), 'UNSUPPORTED_FIELD', 'market.underlyings.BTC.vol.smiel'),
  marketCase('smile[0].vlo', withBtc({ vol: { smile: [{ expiry: '26DEC26', strike: 100_000, vol: 0.5, vlo: 0.5 }] } }),
    'UNSUPPORTED_FIELD', 'market.underlyings.BTC.vol.smile[0].vlo'),
  ordersCase('instrument.strik', { ...order, instrument: { kind: 'option', underlying: 'BTC', expiry: '26DEC26', type: 'call', strik: 100_000 } },
    'UNSUPPORTED_FIELD', 'orders[0].instrument.strik'),
  configCase('config.warningRatoi', { warningRatoi: 0.5 }, 'UNSUPPORTED_FIELD', 'config.warningRatoi'),
  configCase('schedule.option', { schedule: { option: { maintenanceRate: 0.1 } } }, 'UNSUPPORTED_FIELD', 'config.schedule.option'),
  configCase('futures.maintenanceRat', { schedule: { futures: { maintenanceRat: 0.1 } } }, 'UNSUPPORTED_FIELD', 'config.schedule.futures.maintenanceRat'),
  { name: 'options.sizeIncrment', kind: 'preview-options', doc: { sizeIncrment: 1 }, context: { account, market }, code: 'UNSUPPORTED_FIELD', field: 'options.sizeIncrment' },
  { name: 'options.warningRatio (fixed at preparation)', kind: 'preview-options', doc: { warningRatio: 0.5 }, context: { account, market }, code: 'UNSUPPORTED_FIELD', field: 'options.warningRatio' },
  { name: 'options.schedule, even null', kind: 'preview-options', doc: { schedule: null }, context: { account, market }, code: 'UNSUPPORTED_FIELD', field: 'options.schedule' },
  // Fields of another kind of instrument, and isolatedMargin outside an isolated account.
  accountCase('strike on a future', withPositions([{ instrument: { kind: 'future', underlying: 'BTC', expiry: '26DEC26', strike: 1 }, size: 1, entryPrice: 98_000 }]),
    'UNSUPPORTED_FIELD', 'account.positions[0].instrument.strike'),
  accountCase('expiry on a perpetual', withPositions([{ instrument: { kind: 'perpetual', underlying: 'BTC', expiry: '26DEC26' }, size: 1, entryPrice: 98_000 }]),
    'UNSUPPORTED_FIELD', 'account.positions[0].instrument.expiry'),
  accountCase('isolatedMargin in a cross account', positionsWith(0, 'isolatedMargin', 0.1), 'UNSUPPORTED_FIELD', 'account.positions[0].isolatedMargin'),
  accountCase('an isolated position without isolatedMargin', { ...isolated, positions: [{ ...isolated.positions[0], isolatedMargin: undefined }] },
    'MISSING_ISOLATED_MARGIN', 'account.positions[0].isolatedMargin'),
  accountCase('a spot position', withPositions([{ instrument: 'BTC_USDC', size: 1, entryPrice: 98_000 }]), 'INVALID_INSTRUMENT', 'account.positions[0].instrument'),
  accountCase('a spot position by fields', withPositions([{ instrument: { kind: 'spot', underlying: 'BTC', settlement: 'linear' }, size: 1, entryPrice: 98_000 }]),
    'INVALID_INSTRUMENT', 'account.positions[0].instrument'),
  ordersCase('spot by fields, inverse (no such thing)', { ...order, instrument: { kind: 'spot', underlying: 'BTC' } }, 'INVALID_INSTRUMENT', 'orders[0].instrument'),
  ordersCase('leverage on an option (isolated)', { instrument: 'BTC-26DEC26-110000-C', side: 'sell', size: 1, leverage: 2 }, 'UNSUPPORTED_FIELD', 'orders[0].leverage', isolated),
  ordersCase('leverage beside isolatedMargin', { ...isolatedOrder, leverage: 2 }, 'UNSUPPORTED_FIELD', 'orders[0].leverage', isolated),
  // Absurd numbers, wrong units.
  accountCase('isolatedMargin 1e308', { ...isolated, positions: [{ ...isolated.positions[0], isolatedMargin: 1e308 }] }, 'OUT_OF_RANGE', 'account.positions[0].isolatedMargin'),
  ordersCase('order isolatedMargin 1e16', { ...isolatedOrder, isolatedMargin: 1e16 }, 'OUT_OF_RANGE', 'orders[0].isolatedMargin', isolated),
  accountCase('a negative isolatedMargin', { ...isolated, positions: [{ ...isolated.positions[1], isolatedMargin: -0.05 }] }, 'NON_POSITIVE', 'account.positions[0].isolatedMargin'),
  ordersCase('order isolatedMargin 0', { ...isolatedOrder, isolatedMargin: 0 }, 'NON_POSITIVE', 'orders[0].isolatedMargin', isolated),
  configCase('maintenanceRate -1', { schedule: { options: { maintenanceRate: -1 } } }, 'OUT_OF_RANGE', 'config.schedule.options.maintenanceRate'),
  configCase('initialRate 11', { schedule: { futures: { initialRate: 11 } } }, 'OUT_OF_RANGE', 'config.schedule.futures.initialRate'),
  configCase('profile binance', { profile: 'binance' }, 'INVALID_ENUM', 'config.profile'),
  configCase('referencePrice spot', { schedule: { options: { referencePrice: 'spot' } } }, 'INVALID_ENUM', 'config.schedule.options.referencePrice'),
  configCase('premiumBasis entry', { schedule: { options: { premiumBasis: 'entry' } } }, 'INVALID_ENUM', 'config.schedule.options.premiumBasis'),
  configCase('a tier rate below 0', { schedule: { futures: { tiers: [tier(10, -0.02, 0.01)] } } }, 'OUT_OF_RANGE', 'config.schedule.futures.tiers[0].initialRate'),
  configCase('a tier that is a number', { schedule: { futures: { tiers: [5] } } }, 'INVALID_TYPE', 'config.schedule.futures.tiers[0]'),
  configCase('tiers[0].upto', { schedule: { futures: { tiers: [{ ...tier(1, 0.1, 0.1), upto: 2 }] } } }, 'UNSUPPORTED_FIELD', 'config.schedule.futures.tiers[0].upto'),
  configCase('tierMode stepped', { schedule: { futures: { tiers: [tier(1, 0.1, 0.1)], tierMode: 'stepped' } } }, 'INVALID_ENUM', 'config.schedule.futures.tierMode'),
  configCase('rateStep beside a tier table', { schedule: { futures: { tiers: [tier(1, 0.1, 0.1)], rateStep: 0 } } }, 'UNSUPPORTED_FIELD', 'config.schedule.futures.rateStep'),
  configCase('rateStep over bybit\'s tier table', { profile: 'bybit', schedule: { futures: { rateStep: 0.01 } } }, 'UNSUPPORTED_FIELD', 'config.schedule.futures.rateStep'),
  configCase('tierMode over the linear add-on', { schedule: { futures: { tierMode: 'marginal' } } }, 'UNSUPPORTED_FIELD', 'config.schedule.futures.tierMode'),
  configCase('tierUnit beside tiers: []', { profile: 'bybit', schedule: { futures: { tiers: [], tierUnit: 'usd' } } }, 'UNSUPPORTED_FIELD', 'config.schedule.futures.tierUnit'),
  configCase('65 tiers', { schedule: { futures: { tiers: Array.from({ length: 65 }, (_, i) => tier(i + 1, 0.1, 0.1)) } } }, 'OUT_OF_RANGE', 'config.schedule.futures.tiers'),
  configCase('liquidationWarningPercent -10', { liquidationWarningPercent: -10 }, 'OUT_OF_RANGE', 'config.liquidationWarningPercent'),
  configCase('liquidationWarningPercent 1001', { liquidationWarningPercent: 1001 }, 'OUT_OF_RANGE', 'config.liquidationWarningPercent'),
  configCase('warningRatio 0', { warningRatio: 0 }, 'NON_POSITIVE', 'config.warningRatio'),
  configCase('liquidationLevels "yes"', { liquidationLevels: 'yes' }, 'INVALID_TYPE', 'config.liquidationLevels'),
  configCase('portfolioModel spam', { portfolioModel: 'spam' }, 'INVALID_ENUM', 'config.portfolioModel'),
  configCase('portfolioModel.name spam', { portfolioModel: { name: 'spam' } }, 'INVALID_ENUM', 'config.portfolioModel.name'),
  configCase('portfolioModel 5', { portfolioModel: 5 }, 'INVALID_TYPE', 'config.portfolioModel'),
  configCase('buckets 2.5', { portfolioModel: { buckets: 2.5 } }, 'OUT_OF_RANGE', 'config.portfolioModel.buckets'),
  configCase('gridVols []', { portfolioModel: { gridVols: [] } }, 'INVALID_TYPE', 'config.portfolioModel.gridVols'),
  configCase('gridVols with sideways', { portfolioModel: { gridVols: ['up', 'sideways'] } }, 'INVALID_ENUM', 'config.portfolioModel.gridVols[1]'),
  configCase('a tail move of 0', { portfolioModel: { tailMoves: [0.5, 0] } }, 'OUT_OF_RANGE', 'config.portfolioModel.tailMoves[1]'),
  configCase('params on a grid model', { portfolioModel: { name: 'span', params: {} } }, 'UNSUPPORTED_FIELD', 'config.portfolioModel.params'),
  configCase('grid keys on derive-pm2', { portfolioModel: { name: 'derive-pm2', buckets: 3 } }, 'UNSUPPORTED_FIELD', 'config.portfolioModel.buckets'),
  configCase('derive-pm2 without scenarios', { portfolioModel: { name: 'derive-pm2', params: { scenarios: [] } } }, 'OUT_OF_RANGE', 'config.portfolioModel.params.scenarios'),
  configCase('derive-pm2 dteFloorDays under a second', { portfolioModel: { name: 'derive-pm2', params: { volShock: { dteFloorDays: 0.99 / 86400 } } } },
    'OUT_OF_RANGE', 'config.portfolioModel.params.volShock.dteFloorDays'),
  configCase('a misspelt derive-pm2 parameter, null', { portfolioModel: { name: 'derive-pm2', params: { skwe: null } } },
    'UNSUPPORTED_FIELD', 'config.portfolioModel.params.skwe'),
  configCase('derive-pm2 scenario without weight', { portfolioModel: { name: 'derive-pm2', params: { scenarios: [{ class: 'regular', spotShock: 1, vol: 'up' }] } } },
    'MISSING_FIELD', 'config.portfolioModel.params.scenarios[0].weight'),
  // Units and settlement.
  accountCase('an inverse option settling in USDC', withPositions([{ instrument: { ...inverseCall, settlementAsset: 'USDC' }, size: -1, entryPrice: 0.05 }]),
    'INVALID_ENUM', 'account.positions[0].instrument.settlementAsset'),
  accountCase('settlementAsset empty', withPositions([{ instrument: { ...inverseCall, settlementAsset: '' }, size: -1, entryPrice: 0.05 }]),
    'INVALID_ENUM', 'account.positions[0].instrument.settlementAsset'),
  ordersCase('a linear option settling in BTC', { ...order, instrument: { ...inverseCall, settlement: 'linear', settlementAsset: 'BTC' } },
    'INVALID_ENUM', 'orders[0].instrument.settlementAsset'),
  // Strikes, expiries, times.
  ...['10000000000000000000', '1000000000000001', '0.000000000000000001', '0.0000000000001'].flatMap((strike) => [
    accountCase(`strike ${strike} by name`, withPositions([{ instrument: `BTC-26DEC26-${strike}-C`, size: -1, entryPrice: 0.05 }]), 'OUT_OF_RANGE', 'account.positions[0].instrument'),
    marketCase(`a mark of strike ${strike}`, { ...market, markPrices: { [`BTC-26DEC26-${strike}-C`]: 0.01 } }, 'OUT_OF_RANGE', `market.markPrices.BTC-26DEC26-${strike}-C`),
  ]),
  ...['1999-12-27T08:00:00Z', 1, 0, 1.7e9].map((expiry) => ordersCase(`an expiry of ${expiry}`, { ...order, instrument: call(expiry) },
    'INSTRUMENT_EXPIRED', 'orders[0].instrument.expiry')),
  ordersCase('an expiry in 2100', { ...order, instrument: call('2100-01-01T00:00:00Z') }, 'OUT_OF_RANGE', 'orders[0].instrument.expiry'),
  marketCase('market.time in seconds', { ...market, time: 1.7e9 }, 'OUT_OF_RANGE', 'market.time'),
  ...['1999-12-31T23:59:59Z', '2100-01-01T00:00:00Z', 1e14].map((time) => marketCase(`market.time ${time}`, { ...market, time }, 'OUT_OF_RANGE', 'market.time', { collateral: { USDC: 1 } })),
  marketCase('market.time not a time', { ...market, time: 'yesterday' }, 'INVALID_TYPE', 'market.time'),
  marketCase('a forward in 2100', withBtc({ forwards: { '2100-01-01': 1 } }), 'OUT_OF_RANGE', 'market.underlyings.BTC.forwards.2100-01-01'),
  marketCase('a forward keyed by milliseconds', withBtc({ forwards: { 1800000000000: 1 } }), 'INVALID_TYPE', 'market.underlyings.BTC.forwards.1800000000000'),
  marketCase('an underlying in lower case', { ...market, underlyings: { ...market.underlyings, btc: { index: 1 } } }, 'INVALID_ENUM', 'market.underlyings.btc'),
  marketCase('a collateral price of 0', { ...market, collateralPrices: { BTC: 0 } }, 'NON_POSITIVE', 'market.collateralPrices.BTC'),
  accountCase('an asset code with a dash', { ...account, collateral: { 'USD-C': 1 } }, 'INVALID_ENUM', 'account.collateral.USD-C'),
  // Values JSON cannot carry, at the JS door.
  accountCase('a BigInt size', positionsWith(3, 'size', 50_000n), 'INVALID_TYPE', 'account.positions[3].size'),
  accountCase('a NaN size', positionsWith(3, 'size', NaN), 'NOT_FINITE', 'account.positions[3].size'),
  accountCase('an infinite entry price', positionsWith(2, 'entryPrice', -Infinity), 'NOT_FINITE', 'account.positions[2].entryPrice'),
  accountCase('a lone surrogate', positionsWith(5, 'instrument', 'ETH-26MAR27-4500-C\uD800'), 'INVALID_JSON', 'account.positions[5].instrument'),
  accountCase('a Map of collateral', { ...account, collateral: new Map(Object.entries(account.collateral)) }, 'INVALID_TYPE', 'account.collateral'),
  marketCase('an index in a typed array', withBtc({ index: new Float64Array([98_000]) }), 'INVALID_TYPE', 'market.underlyings.BTC.index'),
  ordersCase('a price given by a function', { ...order, price: () => 0.01 }, 'INVALID_TYPE', 'orders[0].price'),
  ordersCase('a BigInt order size', { ...order, size: 3n }, 'INVALID_TYPE', 'orders[0].size'),
  { name: 'an options function', kind: 'preview-options', doc: { sizeIncrement: () => 1 }, context: { account, market }, code: 'INVALID_TYPE', field: 'options.sizeIncrement' },
  // Documents of the wrong shape.
  accountCase('an account that is an array', [], 'INVALID_TYPE', 'account'),
  marketCase('a market that is a string', 'BTC', 'INVALID_TYPE', 'market'),
  ordersCase('no orders', [], 'MISSING_FIELD', 'orders'),
  ordersCase('orders null', null, 'INVALID_TYPE', 'orders'),
  configCase('config null', null, 'INVALID_TYPE', 'config'),
  { name: 'no moves', kind: 'stress-moves', doc: [], context: { account, market }, code: 'OUT_OF_RANGE', field: 'moves' },
  { name: '1001 moves', kind: 'stress-moves', doc: Array.from({ length: 1001 }, () => ({})), context: { account, market }, code: 'OUT_OF_RANGE', field: 'moves' },
  { name: 'a move of an underlying null', kind: 'stress-moves', doc: { BTC: null }, context: { account, market }, code: 'INVALID_TYPE', field: 'moves[0].BTC' },
  { name: 'a spot move of -100 %', kind: 'stress-moves', doc: [{}, { BTC: { spot: -1 } }], context: { account, market }, code: 'OUT_OF_RANGE', field: 'moves[1].BTC.spot' },
  { name: 'a move key misspelt', kind: 'stress-moves', doc: { BTC: { spto: 0.1 } }, context: { account, market }, code: 'UNSUPPORTED_FIELD', field: 'moves[0].BTC.spto' },
  { name: 'a negative move of days', kind: 'stress-moves', doc: { days: -1 }, context: { account, market }, code: 'OUT_OF_RANGE', field: 'moves[0].days' },
  // A document's $schema key is for editors: the engine refuses it.
  accountCase('$schema in an account', { $schema: './node_modules/marginkit/schemas/account.schema.json', ...account }, 'UNSUPPORTED_FIELD', 'account.$schema'),
  configCase('$schema in a config', { $schema: 'config.schema.json' }, 'UNSUPPORTED_FIELD', 'config.$schema'),
];
