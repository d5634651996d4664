// One review of a sign request: marginkit's preview of the order on the request's account and
// market, and the gate's decision on it. Pure apart from the engine passed in (the service worker
// passes its own, node's tests node's), so the confirmation window and the tests see the same
// thing.
import { blockedByEngineError, gatePreview } from './gate.js';

// The preview settings the wallet uses. The engine's LIQUIDATION_PRICE_WITHIN_X_PERCENT warning
// takes the user's threshold, so the warnings shown agree with the gate.
export function previewConfig(thresholdPercent) {
  return { liquidationWarningPercent: thresholdPercent };
}

// { thresholdPercent, preview, error, gate }: `preview` null and `error` { code, field, message }
// when marginkit refuses the input. Errors that are not marginkit's (bugs) are thrown.
export function reviewSignRequest(mk, request, thresholdPercent) {
  let preview;
  try {
    preview = mk.preview(request.account, request.market, request.order, previewConfig(thresholdPercent));
  } catch (error) {
    if (error?.name !== 'MarginKitError') throw error;
    const gate = blockedByEngineError(error);
    return { thresholdPercent, preview: null, error: { code: error.code, field: error.field, message: error.message }, gate };
  }
  return { thresholdPercent, preview, error: null, gate: gatePreview(preview, thresholdPercent) };
}
