// What a dApp and the wallet say to each other (chrome.runtime.sendMessage(walletId, request) from
// the page, chrome.runtime.onMessageExternal in the service worker). Pure, shared by the service
// worker and node's tests.
//
// Request:  { type: 'marginkit-wallet:sign-order', account, market, order }
//           (a real wallet would fetch the account and market itself; this example takes them
//           from the request, and marginkit validates every field of them).
// Answers:  { status: 'signed',   requestId, signature }
//           { status: 'rejected', requestId, reason: 'USER_REJECTED' }       the user said no
//           { status: 'blocked',  requestId, reason, reasons }               the gate said no (reason =
//                                                                            reasons[0].code; see gate.js)
//           { status: 'error',    reason: 'BAD_REQUEST', message }           not a sign request
//           { status: 'error',    reason: 'WALLET_ERROR', message }          the wallet could not ask
//                                                                            the user (no window)

export const SIGN_ORDER = 'marginkit-wallet:sign-order';
// Between the confirmation window and the service worker (chrome.runtime.sendMessage, internal).
export const REVIEW = 'marginkit-wallet:review';
export const DECIDE = 'marginkit-wallet:decide';

const REQUEST_KEYS = ['type', 'account', 'market', 'order'];

// The request's account, market and order, or a thrown Error saying what is wrong with the
// envelope. Their contents are marginkit's to check.
export function parseSignRequest(message) {
  if (message === null || typeof message !== 'object' || Array.isArray(message)) {
    throw new Error('a sign request is an object');
  }
  if (message.type !== SIGN_ORDER) throw new Error(`unknown message type ${JSON.stringify(message.type)}`);
  for (const key of Object.keys(message)) {
    if (!REQUEST_KEYS.includes(key)) throw new Error(`unknown key "${key}" in the sign request`);
  }
  for (const key of REQUEST_KEYS) {
    if (message[key] === undefined || message[key] === null) throw new Error(`the sign request has no "${key}"`);
  }
  // A fixed key order: the placeholder signature hashes this object's JSON.
  return { account: message.account, market: message.market, order: message.order };
}

export function signedAnswer(requestId, signature) {
  return { status: 'signed', requestId, signature };
}

// The answer when the user presses Reject or closes the window: a blocked order says why it was
// blocked (the dApp can tell the trader); an allowed one was the user's choice.
export function refusedAnswer(requestId, gate) {
  if (gate.allowed) return { status: 'rejected', requestId, reason: 'USER_REJECTED' };
  return { status: 'blocked', requestId, reason: gate.reasons[0].code, reasons: gate.reasons };
}

export function badRequestAnswer(message) {
  return { status: 'error', reason: 'BAD_REQUEST', message };
}

export function walletErrorAnswer(error) {
  return { status: 'error', reason: 'WALLET_ERROR', message: String(error?.message ?? error) };
}
