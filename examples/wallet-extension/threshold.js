// The wallet's one risk setting: how close to the index a liquidation price may lie after an order
// before the wallet refuses to sign it, in percent of the index. Pure (no chrome.*), so that the
// options page, the service worker and node's unit tests read it by the same rules.

// chrome.storage.local key of the setting.
export const THRESHOLD_STORAGE_KEY = 'liquidationThresholdPercent';
// Used while the user has saved nothing. Also marginkit's own default liquidationWarningPercent,
// so the gate and the engine's LIQUIDATION_PRICE_WITHIN_X_PERCENT warning agree out of the box.
export const DEFAULT_THRESHOLD_PERCENT = 10;
export const MAX_THRESHOLD_PERCENT = 100;

// Returns `value` when it is a number in (0, 100]; throws otherwise (a threshold of 0 would never
// block anything, and a wrong type must not be read as "no limit").
export function checkThresholdPercent(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`the liquidation threshold must be a finite number of percent, got ${describe(value)}`);
  }
  if (!(value > 0 && value <= MAX_THRESHOLD_PERCENT)) {
    throw new RangeError(`the liquidation threshold must be in (0, ${MAX_THRESHOLD_PERCENT}] percent, got ${value}`);
  }
  return value;
}

// The setting from what chrome.storage.local.get returned: the default when nothing was saved,
// else the saved value, checked (a bad stored value throws rather than falling back silently).
export function thresholdFromStorage(items) {
  const stored = items?.[THRESHOLD_STORAGE_KEY];
  return stored === undefined ? DEFAULT_THRESHOLD_PERCENT : checkThresholdPercent(stored);
}

// What the user typed in the options page: plain decimal digits ("10", "7.5", ".5"); exponents,
// signs, hex and empty text are refused rather than guessed at (Number('') is 0, Number('0x10') 16).
// Returns { ok: true, value } or { ok: false, message }.
export function parseThresholdText(text) {
  const trimmed = String(text ?? '').trim();
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(trimmed)) {
    return { ok: false, message: `Enter a number of percent, such as 10 or 7.5 (got "${trimmed}").` };
  }
  const value = Number(trimmed);
  if (!(value > 0 && value <= MAX_THRESHOLD_PERCENT)) {
    return { ok: false, message: `The threshold must be above 0 and at most ${MAX_THRESHOLD_PERCENT} % (got ${trimmed}).` };
  }
  return { ok: true, value };
}

function describe(value) {
  return typeof value === 'string' ? `the string "${value}"` : String(value);
}
