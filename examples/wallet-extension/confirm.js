// The confirmation window the service worker opens for a dApp's sign request. It shows what the
// service worker reviewed (marginkit's preview and the gate's decision) and sends the user's
// decision back. It decides nothing itself: Sign is re-checked by the service worker. Inline
// scripts are not allowed by the extension CSP, hence this external module.
import * as format from './format.js';
import { DECIDE, REVIEW } from './protocol.js';
import { THRESHOLD_STORAGE_KEY } from './threshold.js';

const requestId = new URLSearchParams(location.search).get('request');
const $ = (id) => document.getElementById(id);
let latestAsk = 0; // reviews can overlap (a threshold change during the first): show the newest
let renders = 0;
let shown; // { origin, order } of the last review shown

async function ask(message) {
  const answer = await chrome.runtime.sendMessage(message);
  if (!answer?.ok) throw new Error(answer?.error?.message ?? 'no answer from the service worker');
  return answer;
}

async function refresh() {
  const mine = ++latestAsk;
  try {
    const answer = await ask({ type: REVIEW, requestId });
    if (mine === latestAsk) render(answer);
  } catch (error) {
    if (mine === latestAsk) showFailure(error);
  }
}

function render({ origin, order, review }) {
  shown = { origin, order };
  $('origin').textContent = origin ?? 'A page';
  $('order').textContent = format.order(order);
  $('sign').disabled = !review.gate.allowed;
  $('decision').classList.toggle('allowed', review.gate.allowed);
  $('decision-text').textContent = review.gate.allowed
    ? `marginkit accepts this order and no liquidation price after it is within ${review.thresholdPercent} % of the index.`
    : 'Signing is blocked:';
  fillList($('reasons'), review.gate.reasons, (li, reason) => {
    li.dataset.code = reason.code;
    li.textContent = reason.code === 'ENGINE_ERROR'
      ? `${reason.message} (field ${reason.field || '(none)'}, ${reason.engineCode})`
      : reason.message;
  });
  document.querySelector('[data-field="thresholdPercent"]').textContent =
    review.thresholdPercent === null ? '(invalid setting)' : `${review.thresholdPercent} %`;
  $('details').hidden = review.preview === null;
  if (review.preview) renderPreview(review.preview);
  // For tests and DevTools: what is on screen, and how many times it was drawn.
  window.__walletReview = review;
  document.body.dataset.renders = String(++renders);
}

function renderPreview(preview) {
  const rows = [
    ['Status', 'status', (s) => s],
    ['Equity', 'equityUsd', format.usd],
    ['Initial margin (IM)', 'initialMarginUsd', format.usd],
    ['Maintenance margin (MM)', 'maintenanceMarginUsd', format.usd],
    ['Available margin', 'availableMarginUsd', format.usd],
    ['Margin ratio (MM / equity)', 'marginRatio', format.ratio],
  ];
  fillList($('margin'), rows, (tr, [label, key, write]) => {
    tr.append(cell('th', label), cell('td', write(preview.before[key]), `before.${key}`),
      cell('td', write(preview.after[key]), `after.${key}`));
  }, 'tr');
  document.querySelector('[data-field="maxSize"]').textContent = format.size(preview.maxSize);
  fillList($('liquidation'), preview.liquidationAfter, (li, entry, i) => {
    li.append(`${entry.instrument ?? entry.underlying} (index ${format.usd(entry.index)}): `);
    if (entry.liquidation.length === 0) li.append('none between index / 100 and 100 × index');
    entry.liquidation.forEach((level, j) => {
      if (j > 0) li.append(', ');
      li.append(cell('span', format.level(level), `liquidationAfter.${i}.liquidation.${j}`));
    });
  });
  fillList($('warnings'), preview.warnings, (li, warning) => {
    li.dataset.code = warning.code;
    li.append(cell('code', warning.code), `: ${warning.message}`);
  });
}

function showFailure(error) {
  $('sign').disabled = true;
  $('decision').classList.remove('allowed');
  $('decision-text').textContent = `Cannot review this request: ${error.message}`;
  $('reasons').replaceChildren();
  document.body.dataset.failed = error.message;
}

function cell(tag, text, field) {
  const element = document.createElement(tag);
  element.textContent = text;
  if (field) element.dataset.field = field;
  return element;
}

function fillList(parent, items, fill, tag = 'li') {
  parent.replaceChildren(...items.map((item, i) => {
    const element = document.createElement(tag);
    fill(element, item, i);
    return element;
  }));
}

$('sign').addEventListener('click', async () => {
  $('sign').disabled = true;
  try {
    const answer = await ask({ type: DECIDE, requestId, decision: 'sign' });
    // Not signed: the gate blocks it now (the threshold changed since this was drawn).
    if (!answer.signed) render({ ...shown, review: answer.review });
  } catch (error) {
    showFailure(error);
  }
});

// Reject always works: if the service worker no longer knows the request, just close.
$('reject').addEventListener('click', async () => {
  try {
    await ask({ type: DECIDE, requestId, decision: 'reject' });
  } catch {
    window.close();
  }
});

$('open-options').addEventListener('click', () => chrome.runtime.openOptionsPage());

chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && THRESHOLD_STORAGE_KEY in changes) refresh();
});

refresh();
