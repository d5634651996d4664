// The pieces of the readable report: each returns lines. Amounts are USD unless a column says
// otherwise; statuses and warnings are in words.
import { count, fixed, percent, signedPercent, usd, usdChange } from './numbers.mjs';
import { table } from './table.mjs';

const AMOUNTS = [
  ['equity (USD)', 'equityUsd'],
  ['initial margin (USD)', 'initialMarginUsd'],
  ['maintenance margin (USD)', 'maintenanceMarginUsd'],
  ['available margin (USD)', 'availableMarginUsd'],
];

function modeText(inputs) {
  const profile = inputs.config.profile ?? 'deribit';
  if (inputs.mode === 'portfolio') return `portfolio margin, model ${inputs.config.portfolioModel ?? 'deribit'} (profile ${profile} for position rows)`;
  return `${inputs.mode ?? 'cross'} margin, profile ${profile}`;
}

// 'account a.json, market m.json', or 'account, market and order from x.json' for one file.
function sourcesText({ account, market, order }) {
  const byLabel = new Map();
  for (const [part, label] of [['account', account], ['market', market], ['order', order]]) {
    if (label !== null) byLabel.set(label, [...(byLabel.get(label) ?? []), part]);
  }
  return [...byLabel].map(([label, parts]) => (parts.length === 1 ? `${parts[0]} ${label}`
    : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)} from ${label}`)).join(', ');
}

export function heading(report, inputs) {
  const positions = inputs.account?.positions?.length ?? 0;
  return [
    `marginkit ${report.version} ${report.command}: ${sourcesText(report.inputs)}`,
    `${modeText(inputs)}; ${positions} position${positions === 1 ? '' : 's'}; market time ${inputs.market?.time}`,
  ];
}

// One column per state: [{ header, risk }], and with `change` a column of after - before.
export function riskTable(states, paint, change = null) {
  const columns = [{ header: '' }, ...states.map(({ header }) => ({ header, align: 'right' }))];
  if (change) columns.push({ header: 'change', align: 'right' });
  const rows = [
    ['status', ...states.map(({ risk }) => paint.status(risk.status)), ...(change ? [''] : [])],
    ...AMOUNTS.map(([label, key]) => [label, ...states.map(({ risk }) => usd(risk[key])), ...(change ? [usdChange(change[key])] : [])]),
    ['margin ratio (MM / equity)', ...states.map(({ risk }) => percent(risk.marginRatio)), ...(change ? [''] : [])],
    ['leverage (notional / equity)', ...states.map(({ risk }) => (risk.leverage === null ? 'n/a' : `${fixed(risk.leverage, 2)}x`)),
      ...(change ? [''] : [])],
  ];
  return table(columns, rows);
}

function levelList(levels) {
  return levels.length ? levels.map((l) => `${usd(l.price)} (${signedPercent(l.distancePercent)})`).join(', ') : 'none';
}

// Liquidation levels: a row per entry (per underlying in cross and portfolio margin, per position
// in isolated margin) and a column per list ([{ header, levels, key }], levels aligned with
// `entries`).
export function levelsTable(entries, lists, title = 'Index prices where the status changes') {
  const byPosition = entries.some((entry) => entry.instrument !== undefined);
  const columns = [{ header: byPosition ? 'position' : 'underlying' }, { header: 'index (USD)', align: 'right' },
    ...lists.map(({ header }) => ({ header }))];
  const rows = entries.map((entry, i) => [
    entry.instrument ?? entry.underlying,
    usd(entry.index),
    ...lists.map(({ levels, key }) => (levels[i] === undefined ? '-' : levelList(levels[i][key]))),
  ]);
  return [
    `${title} (USD, distance from the index; others held; none: none in index/100 to 100x index):`,
    ...table(columns, rows),
  ];
}

export function greeksTable(greeks, title) {
  const columns = [{ header: 'underlying' }, { header: 'index (USD)', align: 'right' }, { header: 'delta (coins)', align: 'right' },
    { header: 'delta (USD)', align: 'right' }, { header: 'gamma (USD per 1 %)', align: 'right' },
    { header: 'vega (USD per vol point)', align: 'right' }, { header: 'theta (USD per day)', align: 'right' }];
  const rows = greeks.map((g) => [g.underlying, usd(g.index), fixed(g.deltaCoins, 4), usd(g.deltaUsd), usd(g.gammaUsdPer1Pct),
    usd(g.vegaUsd), usd(g.thetaUsdPerDay)]);
  return [title, ...table(columns, rows)];
}

// Portfolio mode: each group's requirement and the scenario that sets it.
export function portfolioTable(portfolio) {
  const columns = [{ header: 'group' }, { header: 'initial margin (USD)', align: 'right' },
    { header: 'maintenance margin (USD)', align: 'right' }, { header: 'binding scenario' }];
  const rows = portfolio.groups.map((g) => {
    const s = g.scenarios[g.bindingScenario];
    const scenario = s ? `spot ${signedPercent(s.spotMove * 100)}, vol ${s.vol}${s.tail ? ', tail' : ''}` : 'none';
    return [`${g.underlying} in ${g.currency}`, usd(g.initialMarginUsd), usd(g.maintenanceMarginUsd),
      g.bindingPart ? `${scenario} (${g.bindingPart})` : scenario];
  });
  return ['Portfolio margin by group:', ...table(columns, rows)];
}

function orderText(order) {
  const instrument = typeof order.instrument === 'string' ? order.instrument : JSON.stringify(order.instrument);
  const price = order.price !== undefined && order.price !== null ? ` at ${order.price}` : ' at the mark';
  const extras = [order.leverage ? `leverage ${order.leverage}x` : '', order.isolatedMargin ? `isolated margin ${order.isolatedMargin}` : '']
    .filter(Boolean);
  return `${order.side} ${count(order.size)} ${instrument}${price}${extras.length ? ` (${extras.join(', ')})` : ''}`;
}

// The orders as given.
export function orderLines(orders) {
  const list = Array.isArray(orders) ? orders : [orders];
  return list.map((order, i) => `${list.length > 1 ? `order ${i + 1}` : 'order'}: ${orderText(order)}`);
}

// Whether the orders are accepted, the warnings, the largest size and any top-up.
export function outcomeLines(preview, orders, paint) {
  const first = Array.isArray(orders) ? orders[0] : orders;
  const lines = [`accepted: ${preview.accepted ? paint.paint('green', 'yes') : paint.paint('red', `NO (${preview.rejectReason})`)}`];
  if (preview.warnings.length) {
    lines.push('warnings:');
    for (const w of preview.warnings) lines.push(`  - ${w.message} (${w.code})`);
  }
  lines.push(`largest ${first.side} of ${Array.isArray(orders) && orders.length > 1 ? 'the first order' : 'this order'} that still fits: `
    + `${count(preview.maxSize)} (in steps of ${count(preview.sizeIncrement)})`);
  if (!preview.accepted && preview.topUp.usd > 0) {
    lines.push(`top-up that would make it acceptable: ${preview.topUp.amount} ${preview.topUp.asset} (${usd(preview.topUp.usd)} USD)`);
  }
  return lines;
}

export function stressTable(stress, paint) {
  const columns = [{ header: 'move' }, { header: 'status' }, { header: 'equity (USD)', align: 'right' },
    { header: 'P&L (USD)', align: 'right' }, { header: 'initial margin (USD)', align: 'right' },
    { header: 'maintenance margin (USD)', align: 'right' }, { header: 'available (USD)', align: 'right' },
    { header: 'margin ratio', align: 'right' }];
  const rows = stress.map(({ spec, outcome: o }) => [spec, paint.status(o.status), usd(o.equityUsd), usdChange(o.pnlUsd),
    usd(o.initialMarginUsd), usd(o.maintenanceMarginUsd), usd(o.availableMarginUsd), percent(o.marginRatio)]);
  return ['Stress (the account as it stands, before any order, in each moved market):', ...table(columns, rows)];
}

const WHERE = { now: 'the account now', before: 'before the order', after: 'after the order' };

function failureText(failure) {
  const where = failure.move !== undefined ? `stress "${failure.move}"` : WHERE[failure.where];
  return failure.warning ? `${where}: warning ${failure.warning}` : `${where}: ${failure.status.replace('_', ' ')}`;
}

const PASS_TEXT = {
  liquidation: 'no state is in liquidation',
  margin_call: 'no state is in margin call or liquidation',
  warning: 'every state is healthy and no warning was given',
};

export function verdictLines(decision, paint) {
  const lines = [];
  if (decision.rejected) lines.push(paint.paint('red', `REJECTED: the order is rejected (${decision.rejectReason})`));
  if (decision.failures.length) {
    lines.push(paint.paint('red', `FAIL (--fail-on ${decision.failOn}):`));
    for (const failure of decision.failures) lines.push(`  ${failureText(failure)}`);
  } else if (!decision.rejected) {
    lines.push(paint.paint('green', `PASS (--fail-on ${decision.failOn}): ${PASS_TEXT[decision.failOn]}`));
  }
  lines.push(`exit code ${decision.exitCode}`);
  return lines;
}
