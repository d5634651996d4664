// The demo's engine, in a module Web Worker so that the page never stutters while a person types.
// It loads marginkit once, keeps the account prepared (mk.prepare) until the account, market or
// settings change, and answers each request in phases, the figures first:
//   'preview' (account risk and the order's preview), 'stress' (the slider's move, before and
//   after the order), 'charts' (margin curves, P&L profile, portfolio matrices; the last phase).
// Requests carry increasing ids. Between phases the worker yields, so a newer request arriving
// meanwhile makes it drop the older one; the page, for its part, ignores answers older than the
// latest request it sent.
import { createMarginKit } from 'marginkit';
import { marginCurves } from './margin-curves.mjs';
import { orderPreview } from './order-preview.mjs';
import { pnlProfile } from './pnl-profile.mjs';
import { isolatedDefaults } from './isolated-defaults.mjs';

const engine = createMarginKit();
let latest = 0;
let book = null; // { key, prepared, risk }
let chain = Promise.resolve();

engine.then(
  (mk) => self.postMessage({ id: 0, phase: 'loaded', version: mk.version }),
  (error) => self.postMessage({ id: 0, phase: 'loaded', error: errorOf(error) }),
);

self.onmessage = ({ data }) => {
  latest = Math.max(latest, data.id);
  // One request at a time; a stale one stops at its next yield.
  chain = chain.then(() => handle(data)).catch((error) => {
    self.postMessage({ id: data.id, phase: 'charts', done: true, error: errorOf(error) });
  });
};

function errorOf(error) {
  if (error?.name === 'MarginKitError') return { code: error.code, field: error.field, message: error.message };
  return { code: 'PAGE_ERROR', field: '', message: String(error?.message ?? error) };
}

const yieldToMessages = () => new Promise((resolve) => setTimeout(resolve, 0));

async function handle(request) {
  const mk = await engine;
  if (request.id !== latest) return;
  if (request.kind === 'isolatedDefaults') {
    let answer;
    try { answer = { margins: isolatedDefaults(mk, request.inputs) }; } catch (error) { answer = { error: errorOf(error) }; }
    self.postMessage({ id: request.id, phase: 'isolatedDefaults', ...answer });
    return;
  }
  await evaluate(mk, request);
}

// The prepared account for these inputs: kept while the account, market and config stay put.
function prepareBook(mk, { account, market, config }) {
  const key = JSON.stringify([account, market, config]);
  if (book?.key === key) return book;
  book?.prepared.delete();
  book = null;
  const prepared = mk.prepare(account, market, config);
  book = { key, prepared, risk: prepared.risk() };
  return book;
}

async function evaluate(mk, { id, inputs, view }) {
  const { account, market, config, order, move } = inputs;
  const post = (message) => self.postMessage({ id, ...message });
  let current;
  try {
    current = prepareBook(mk, inputs);
  } catch (error) {
    post({ phase: 'preview', bookError: errorOf(error) });
    post({ phase: 'charts', done: true });
    return;
  }
  const { prepared, risk } = current;

  // Phase 1: the figures, and the account after the fill.
  let preview = null;
  let previewError = null;
  let afterNote = null;
  if (order) {
    try { ({ preview, afterNote } = orderPreview(prepared, order)); } catch (error) { previewError = errorOf(error); }
  }
  post({ phase: 'preview', risk, preview, previewError });
  await yieldToMessages();
  if (id !== latest) return;

  // The account after the fill, prepared for stress and curves (its risk is the preview's after).
  let preparedAfter = null;
  let afterAccount = null;
  let afterRisk = null;
  try {
    if (preview?.accountAfter) {
      afterAccount = preview.accountAfter;
      preparedAfter = mk.prepare(afterAccount, market, config);
      afterRisk = preparedAfter.risk();
    }
  } catch (error) {
    afterNote = errorOf(error).message;
    preparedAfter?.delete();
    preparedAfter = null;
    afterAccount = null;
  }

  try {
    // Phase 2: the stress sliders' move.
    let stress = null;
    let stressError = null;
    try {
      stress = { before: prepared.stress(move)[0], after: preparedAfter ? preparedAfter.stress(move)[0] : null };
    } catch (error) {
      stressError = errorOf(error);
    }
    post({ phase: 'stress', stress, stressError, afterNote });
    await yieldToMessages();
    if (id !== latest) return;

    // Phase 3: the charts of the chosen underlying, and the portfolio matrices.
    const underlying = market.underlyings[view.underlying] ? view.underlying : Object.keys(market.underlyings)[0];
    const index = market.underlyings[underlying]?.index;
    let charts = null;
    let chartsError = null;
    try {
      if (underlying !== undefined) {
        const margin = marginCurves({
          prepared, preparedAfter, underlying, index,
          levelsBefore: risk.liquidation, levelsAfter: preview?.liquidationAfter,
        });
        const days = move.days ?? 0;
        const pnl = {
          before: pnlProfile(mk, { account, market, underlying, index, prices: margin.prices, days }),
          after: afterAccount ? pnlProfile(mk, { account: afterAccount, market, underlying, index, prices: margin.prices, days }) : null,
        };
        charts = { underlying, margin, pnl };
      }
    } catch (error) {
      chartsError = errorOf(error);
    }
    const portfolio = risk.portfolio
      ? { before: risk.portfolio, after: preparedAfter ? afterRisk.portfolio : null }
      : null;
    post({ phase: 'charts', done: true, charts, chartsError, portfolio });
  } finally {
    preparedAfter?.delete();
  }
}
