// The options page: the liquidation-distance threshold, kept in chrome.storage.local. A value that
// is not a number in (0, 100] is refused here and never stored; open confirmation windows follow
// a saved change (chrome.storage.onChanged).
import { THRESHOLD_STORAGE_KEY, parseThresholdText, thresholdFromStorage } from './threshold.js';

const input = document.getElementById('threshold');
const status = document.getElementById('status');

function say(text, isError) {
  status.textContent = text;
  status.classList.toggle('error', isError);
}

async function load() {
  try {
    input.value = String(thresholdFromStorage(await chrome.storage.local.get(THRESHOLD_STORAGE_KEY)));
  } catch (error) {
    say(`The saved threshold is not valid (${error.message}): enter a new one.`, true);
  }
  document.body.dataset.ready = 'true'; // for tests: the saved value is on screen
}

document.getElementById('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const parsed = parseThresholdText(input.value);
  if (!parsed.ok) {
    say(parsed.message, true);
    return;
  }
  try {
    await chrome.storage.local.set({ [THRESHOLD_STORAGE_KEY]: parsed.value });
    say(`Saved: signing is blocked within ${parsed.value} % of the index.`, false);
  } catch (error) {
    say(`Not saved: ${error.message}`, true);
  }
});

load();
