// Text the engine parses by a grammar of its own (src/instruments/instrument_name.cpp,
// src/common/calendar.cpp), generated part by part, right and wrong: for checking that the
// schemas' patterns are that grammar (tests/js/schemas.test.mjs).

const COINS = ['BTC', 'ETH', '1INCH', 'B', 'BTCBTCBTCB', 'BTCBTCBTCBT', 'btc', 'BT-C'];
const QUOTES = ['', '_USDC', '_USDT', '_EUR', '_USDC_X', '_'];
const EXPIRIES = ['PERPETUAL', 'PERPETUAl', '26DEC26', '1JAN00', '31DEC99', '31JAN27', '31APR27', '30APR27', '28FEB27', '29FEB27',
  '29FEB28', '29FEB00', '30FEB28', '0DEC26', '07DEC26', '32JAN27', '26dec26', '26DEC2026', '26DEC6', 'DEC26'];
const STRIKES = ['100000', '100000.5', '0100000', '100000.000', '0', '0.0', '00', '.5', '5.', '1.5.5', '1e5', '-5', '',
  '1000000000000000', '1000000000000000.0', '1000000000000001', '999999999999999.999', '10000000000000000',
  '0.000000000001', '0.0000000000010', '0.0000000000009', '0.0000000000001', '0.00000000000099999999999999999999',
  '0.0000000000009999', `0.${'0'.repeat(45)}1`, `1.${'0'.repeat(46)}`, `1.${'0'.repeat(45)}`, `${'0'.repeat(47)}1`];
const TYPES = ['C', 'P', 'X', 'c', ''];

export function* instrumentNames() {
  for (const coin of COINS) {
    for (const quote of QUOTES) {
      const head = `${coin}${quote}`;
      yield head;
      for (const expiry of EXPIRIES) {
        yield `${head}-${expiry}`;
        yield `${head}-${expiry}-100000`;
        for (const type of TYPES) yield `${head}-${expiry}-100000-${type}`;
      }
    }
  }
  // Strikes in full on a few heads and expiries.
  for (const head of ['BTC', 'ETH_USDT']) {
    for (const expiry of ['26DEC26', '29FEB28', '31APR27']) {
      for (const strike of STRIKES) yield `${head}-${expiry}-${strike}-C`;
    }
  }
  yield '';
  yield '-';
  yield 'BTC--PERPETUAL';
  yield 'BTC-PERPETUAL-';
  yield 'BTC-26DEC26-100000-C-';
}

const YEARS = ['1999', '2000', '2024', '2026', '2027', '2099', '2100', '1900', '0000', '1996', '0400', '0800', '1700', '1600'];
const MONTHS = ['01', '02', '04', '12', '13', '00', '1'];
const DAYS = ['01', '28', '29', '30', '31', '32', '00', '1'];
const CLOCKS = ['', 'T08:00Z', 'T08:00:00Z', 'T08:00:00.000Z', 'T23:59:59.999Z', 'T24:00Z', 'T08:60Z', 'T08:00:60Z', 'T08:00',
  'T8:00Z', 'T08:00:0Z', 'T08:00:00.0Z', 'T08:00:00.0000Z', 'T08:00:00+00:00', ' 08:00Z', 'T08:00:00Zx', 'T08Z'];

function* isoTimes() {
  for (const year of YEARS) {
    for (const month of MONTHS) {
      for (const day of DAYS) {
        const date = `${year}-${month}-${day}`;
        for (const clock of month === '02' || day === '31' ? CLOCKS : CLOCKS.slice(0, 3)) yield `${date}${clock}`;
      }
    }
  }
}

// market.time: ISO texts, expiry codes and milliseconds around the limits.
export function* valuationTimes() {
  yield* isoTimes();
  for (const code of EXPIRIES) yield code;
  yield* [946684800000, 946684799999, 4102444799999, 4102444800000, 4102444799999.5, 1.7e9, -1, 1e15, 1e16, '1800000000000', '', 'now'];
}

// Keys of market.underlyings.X.forwards: ISO texts and expiry codes (no milliseconds).
export function* marketExpiryKeys() {
  yield* isoTimes();
  for (const code of EXPIRIES) yield code;
  yield* ['1800000000000', '', '2026-12-27T08:00:00.000Z'];
}

// Instruments by fields: every kind with every settlement, settlement asset, expiry, type and
// strike given, left out or wrong.
export function* instrumentFieldSets() {
  const choices = {
    kind: ['option', 'future', 'perpetual', 'spot', 'swap'],
    underlying: ['BTC', 'USDC', 'btc'],
    settlement: [undefined, 'linear', 'inverse', null, 'coin'],
    settlementAsset: [undefined, 'BTC', 'USDC', 'USDT', 'ETH', ''],
    expiry: [undefined, '26DEC26', Date.UTC(2026, 11, 26, 9), '1999-12-31', 4102444800000, '31APR27', null],
    type: [undefined, 'call', 'put', 'CALL'],
    strike: [undefined, 100_000, 0, 1e16],
  };
  const keys = Object.keys(choices);
  const build = function* (i, fields) {
    if (i === keys.length) {
      yield fields;
      return;
    }
    for (const value of choices[keys[i]]) {
      yield* build(i + 1, value === undefined ? fields : { ...fields, [keys[i]]: value });
    }
  };
  yield* build(0, {});
}
