// The service worker's side of a sign request: keep it while the user decides, open the
// confirmation window, review the order (marginkit + gate) whenever the window asks, and answer
// the dApp once. The gate is enforced here, where the signature is made, and checked again at
// the moment of signing: the window's disabled button is only a display.
//
// Pending requests live in this worker's memory with the dApp's sendResponse. If Chrome stops the
// worker before the user decides, the dApp's call fails with Chrome's "message port closed" error
// and the window reports the request as gone: nothing is signed silently (README: Limits).
import { getEngine } from './engine.js';
import { refusedAnswer, signedAnswer } from './protocol.js';
import { reviewSignRequest } from './review.js';
import { placeholderSignature } from './signature.js';
import { THRESHOLD_STORAGE_KEY, thresholdFromStorage } from './threshold.js';

const pending = new Map(); // requestId -> { request, origin, respond, windowId }
const GONE = 'this request is gone (answered already, or the service worker was restarted): ask again from the dApp';

export async function openSignRequest(request, origin, respond) {
  const requestId = crypto.randomUUID();
  const entry = { request, origin, respond, windowId: undefined };
  pending.set(requestId, entry);
  try {
    const window = await chrome.windows.create({
      url: chrome.runtime.getURL(`confirm.html?request=${encodeURIComponent(requestId)}`),
      type: 'popup', width: 460, height: 760, focused: true,
    });
    entry.windowId = window.id;
  } catch (error) {
    pending.delete(requestId);
    throw error;
  }
}

// What the confirmation window shows: { requestId, origin, order, review }.
export async function reviewRequest(requestId) {
  const entry = pendingEntry(requestId);
  return { requestId, origin: entry.origin, order: entry.request.order, review: await review(entry.request) };
}

// decision 'sign': signs only if the gate allows it now, else returns the review that blocks it
// (the dApp keeps waiting; the user can still reject). 'reject': answers the dApp, always.
export async function decide(requestId, decision) {
  const entry = pendingEntry(requestId);
  if (decision === 'sign') {
    const current = await review(entry.request);
    if (!current.gate.allowed) return { signed: false, review: current };
    const signature = await placeholderSignature(entry.request);
    take(requestId, entry);
    finish(entry, signedAnswer(requestId, signature));
    return { signed: true };
  }
  if (decision === 'reject') {
    take(requestId, entry); // first: a window closed meanwhile must not answer too
    finish(entry, refusedAnswer(requestId, await gateForRefusal(entry.request)));
    return { rejected: true };
  }
  throw new Error(`unknown decision ${JSON.stringify(decision)}`);
}

// The user closed the window without deciding: the same answer as Reject.
export async function windowClosed(windowId) {
  for (const [requestId, entry] of pending) {
    if (entry.windowId !== windowId) continue;
    take(requestId, entry);
    entry.respond(refusedAnswer(requestId, await gateForRefusal(entry.request)));
  }
}

async function review(request) {
  let thresholdPercent;
  try {
    thresholdPercent = thresholdFromStorage(await chrome.storage.local.get(THRESHOLD_STORAGE_KEY));
  } catch (error) {
    const reason = { code: 'INVALID_THRESHOLD', field: THRESHOLD_STORAGE_KEY, message: `Fix the threshold in the options page: ${error.message}.` };
    return { thresholdPercent: null, preview: null, error: reason, gate: { allowed: false, reasons: [reason] } };
  }
  return reviewSignRequest(await getEngine(), request, thresholdPercent);
}

// Reject must work even when reviewing fails (engine not loading, a bug): then the answer is a
// plain user rejection.
async function gateForRefusal(request) {
  try {
    return (await review(request)).gate;
  } catch {
    return { allowed: true, reasons: [] };
  }
}

function pendingEntry(requestId) {
  const entry = pending.get(requestId);
  if (!entry) throw new Error(GONE);
  return entry;
}

// Removes the request so that it is answered once; throws if another path answered it during an await.
function take(requestId, entry) {
  if (pending.get(requestId) !== entry) throw new Error(GONE);
  pending.delete(requestId);
}

function finish(entry, answer) {
  entry.respond(answer);
  if (entry.windowId !== undefined) chrome.windows.remove(entry.windowId).catch(() => {}); // closed already
}
