// The demo page: editors for the account, market, order and settings; the engine in a Web
// Worker; results, stress and charts drawn from its answers; the whole state in the URL's hash.
import { buildInputs } from './state/engine-inputs.mjs';
import { checkState, stateFromInputs, underlyingOf } from './state/page-state.mjs';
import { decodeState, encodeState } from './state/url-state.mjs';
import { startEngine } from './engine/worker-client.mjs';
import { h, fill } from './ui/dom.mjs';
import { renderAccountEditor } from './ui/account-editor.mjs';
import { renderMarketEditor } from './ui/market-editor.mjs';
import { renderOrderForm } from './ui/order-form.mjs';
import { renderSettingsForm } from './ui/settings-form.mjs';
import { renderStressControls, renderStressResults } from './ui/stress-panel.mjs';
import { renderFigures, renderGreeks, renderLevels, renderSummary } from './ui/results-view.mjs';
import { renderCharts, resizeAllCharts } from './ui/charts-view.mjs';
import { renderPortfolio, resizePortfolio } from './ui/portfolio-view.mjs';
import { markDrafts, showErrors } from './ui/field-errors.mjs';

performance.mark('demo:start');
const $ = (id) => document.getElementById(id);
const URL_DEBOUNCE_MS = 200;

// Busy while anything the person asked for is not on screen yet (the browser test waits on it).
const busy = new Set();
function setBusy(flag, on) {
  if (on) busy.add(flag);
  else busy.delete(flag);
  document.body.dataset.busy = busy.size ? '1' : '0';
}

let state;
let sample; // the bundled sample, once fetched
let inputs = null; // buildInputs() of the latest request
let answer = {}; // the latest request's answers so far, by phase
let firstRender = true;
let sentAt = 0;

const engine = startEngine({ onAnswer, onLoaded });
const samplePromise = fetch(new URL('./sample-account.json', import.meta.url)).then((r) => {
  if (!r.ok) throw new Error(`sample-account.json: HTTP ${r.status}`);
  return r.json();
});

function banner(text) {
  const el = $('banner');
  el.textContent = text;
  el.hidden = !text;
}

function onLoaded(data) {
  if (data.error) {
    banner(`The engine did not load: ${data.error.code} ${data.error.message}`);
    setBusy('evaluate', false);
    return;
  }
  $('engine-version').textContent = `marginkit ${data.version}`;
}

// ---- editing -------------------------------------------------------------------------------

function renderEditors() {
  renderSettingsForm($('settings'), state, { onChange: changed, onModeChange: modeChanged });
  renderOrderForm($('order'), state, orderChanged);
  renderAccountEditor($('account'), state, changed);
  renderMarketEditor($('market'), state, changed);
  renderStressControls($('stress-controls'), state, changed);
  updateNames();
}

function orderChanged() {
  const coin = underlyingOf(state.order.instrument);
  if (coin && state.market.underlyings.some((u) => u.name.trim() === coin)) state.view.underlying = coin;
  changed();
}

// The account's columns and the order's fields depend on the mode; isolated mode needs each
// position's isolated margin, which starts at its initial margin (asked of the engine).
function modeChanged() {
  renderEditors();
  if (state.mode === 'isolated' && state.account.positions.some((p) => p.instrument.trim() && !p.isolatedMargin.trim())) {
    const built = buildInputs(state);
    if (built.problems.length === 0) {
      setBusy('evaluate', true);
      engine.isolatedDefaults({ account: built.account, market: built.market, config: built.config });
      return; // changed() once they are in
    }
  }
  changed();
}

let stressCoins = '';
function changed() {
  // The stress panel's "move" choices follow the market's underlyings.
  const coins = state.market.underlyings.map((u) => u.name.trim()).join(',');
  if (coins !== stressCoins) {
    stressCoins = coins;
    renderStressControls($('stress-controls'), state, changed);
  }
  setBusy('evaluate', true);
  engine.evaluateSoon(buildRequest);
  scheduleUrl();
  updateNames();
}

let urlTimer = null;
let writtenHash = ''; // the hash this page wrote last (a different one was pasted or navigated to)
function scheduleUrl() {
  setBusy('url', true);
  clearTimeout(urlTimer);
  urlTimer = setTimeout(async () => {
    writtenHash = `#${await encodeState(state)}`;
    history.replaceState(null, '', writtenHash);
    $('link').value = location.href;
    setBusy('url', false);
  }, URL_DEBOUNCE_MS);
}

// Instrument names offered while typing: the account's, the marks' and the order's.
function updateNames() {
  const names = new Set([...state.account.positions.map((p) => p.instrument.trim()), ...state.market.markPrices.map((m) => m[0].trim())]);
  names.delete('');
  fill($('instrument-names'), [...names].map((n) => h('option', { value: n })));
}

function buildRequest() {
  inputs = buildInputs(state);
  answer = {};
  markDrafts(document.body, inputs.draftRows);
  if (inputs.problems.length) {
    showErrors(document.body, $('general-errors'), inputs.problems, inputs.fields);
    renderResults();
    setBusy('evaluate', false);
    return null;
  }
  sentAt = performance.now();
  const { account, market, config, order, move } = inputs;
  return { inputs: { account, market, config, order, move }, view: { underlying: state.view.underlying } };
}

// ---- answers -------------------------------------------------------------------------------

function onAnswer(data) {
  if (data.phase === 'isolatedDefaults') {
    if (data.margins) {
      const rows = inputs?.positionRows ?? buildInputs(state).positionRows;
      data.margins.forEach((margin, i) => {
        const p = state.account.positions[rows[i]];
        if (p && !p.isolatedMargin.trim()) p.isolatedMargin = String(margin);
      });
      renderAccountEditor($('account'), state, changed);
    }
    changed();
    return;
  }
  answer[data.phase] = data;
  if (data.phase === 'preview') {
    $('timing').textContent = `answered in ${(performance.now() - sentAt).toFixed(1)} ms`;
    renderResults();
    if (firstRender && data.risk) {
      firstRender = false;
      performance.mark('demo:first-render');
      performance.measure('demo:first-render', 'demo:start', 'demo:first-render');
    }
  }
  if (data.phase === 'stress') renderStressResults($('stress-results'), data.stress);
  if (data.phase === 'charts') {
    renderChartsAndPortfolio().finally(() => { if (data.id === engine.latestId && !engine.pending) setBusy('evaluate', false); });
  }
  showErrors(document.body, $('general-errors'), currentErrors(), inputs.fields);
}

function currentErrors() {
  const { preview, stress, charts } = answer;
  return [inputs?.problems ?? [], preview?.bookError, preview?.previewError, stress?.stressError].flat().filter(Boolean)
    .concat(charts?.error ? [charts.error] : []);
}

function renderResults() {
  const p = answer.preview;
  const view = { risk: p?.risk ?? null, preview: p?.preview ?? null, hasOrder: Boolean(inputs?.order), previewFailed: Boolean(p?.previewError) };
  renderSummary($('summary'), view);
  renderFigures($('figures'), view);
  renderLevels($('levels'), view);
  renderGreeks($('greeks'), view);
  if (!p?.risk) {
    renderStressResults($('stress-results'), null);
    renderCharts($('charts'), {}, state, changed);
    renderPortfolio($('portfolio'), null, state, portfolioViewChanged);
  }
}

async function renderChartsAndPortfolio() {
  const c = answer.charts;
  renderCharts($('charts'), { charts: c.charts, chartsError: c.chartsError, afterNote: answer.stress?.afterNote,
    hasPreview: Boolean(answer.preview?.preview) }, state, changed);
  await renderPortfolio($('portfolio'), c.portfolio, state, portfolioViewChanged);
}

function portfolioViewChanged() {
  scheduleUrl();
  if (answer.charts) {
    setBusy('heatmap', true);
    renderPortfolio($('portfolio'), answer.charts.portfolio, state, portfolioViewChanged).finally(() => setBusy('heatmap', false));
  }
}

// ---- start ---------------------------------------------------------------------------------

async function loadSample() {
  sample ??= await samplePromise;
  const stress = state?.stress;
  state = stateFromInputs(sample);
  if (stress) state.stress = stress;
  renderEditors();
  changed();
}

async function start() {
  setBusy('evaluate', true);
  $('load-sample').addEventListener('click', () => loadSample().catch((e) => banner(`The sample could not be loaded: ${e.message}`)));
  $('copy-link').addEventListener('click', async () => {
    $('link').select();
    try { await navigator.clipboard.writeText(location.href); $('copy-link').textContent = 'Copied'; } catch { /* selected for copying by hand */ }
  });
  addEventListener('resize', () => { resizeAllCharts($('charts')); resizePortfolio(); });
  addEventListener('hashchange', () => {
    if (location.hash === writtenHash) return;
    decodeState(location.hash).then((fromLink) => {
      if (!fromLink) return;
      state = checkState(fromLink);
      banner('');
      renderEditors();
      changed();
    }).catch((error) => banner(`This link's state could not be read (${error.message}); the page is unchanged.`));
  });
  try {
    const fromLink = await decodeState(location.hash);
    if (fromLink) {
      state = checkState(fromLink);
      renderEditors();
      changed();
      return;
    }
  } catch (error) {
    banner(`This link's state could not be read (${error.message}); the sample is shown instead.`);
  }
  await loadSample();
}

start().catch((error) => {
  banner(`The page failed to start: ${error.message}`);
  setBusy('evaluate', false);
});
