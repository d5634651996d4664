// A dApp's side of the wallet protocol (examples/wallet-extension/protocol.js): one
// chrome.runtime.sendMessage to the wallet's extension ID, answered when the user decides.
// chrome.runtime exists on this page only because an installed extension lists its origin in
// externally_connectable.
const SIGN_ORDER = 'marginkit-wallet:sign-order';

// A linear BTC perpetual bought on 7,000 USDC: accepted, liquidation about 5.6 % below the index.
const SAMPLE_REQUEST = {
  account: { mode: 'cross', collateral: { USDC: 7000 } },
  market: { time: '2026-11-24T08:00:00Z', underlyings: { BTC: { index: 100000, vol: 0.5 } } },
  order: { instrument: 'BTC_USDC-PERPETUAL', side: 'buy', size: 1 },
};

// Resolves with the wallet's answer ({ status: 'signed' | 'rejected' | 'blocked' | 'error', ... });
// rejects when no wallet answers (not installed, wrong ID, or its worker stopped meanwhile).
export function requestSignature(walletId, { account, market, order }) {
  if (!globalThis.chrome?.runtime?.sendMessage) {
    return Promise.reject(new Error('no extension accepts messages from this page (externally_connectable)'));
  }
  return new Promise((resolve, reject) => {
    chrome.runtime.sendMessage(walletId, { type: SIGN_ORDER, account, market, order }, (answer) => {
      if (chrome.runtime.lastError) reject(new Error(chrome.runtime.lastError.message));
      else resolve(answer);
    });
  });
}
window.requestSignature = requestSignature; // for tests

const walletInput = document.getElementById('wallet');
const requestInput = document.getElementById('request');
const answerOutput = document.getElementById('answer');
walletInput.value = new URLSearchParams(location.search).get('wallet') ?? '';
requestInput.value = JSON.stringify(SAMPLE_REQUEST, null, 2);

document.getElementById('ask').addEventListener('click', async () => {
  answerOutput.textContent = 'Waiting for the wallet…';
  try {
    const answer = await requestSignature(walletInput.value.trim(), JSON.parse(requestInput.value));
    answerOutput.textContent = JSON.stringify(answer, null, 2);
  } catch (error) {
    answerOutput.textContent = `Error: ${error.message}`;
  }
});
