// The pre-trade gate: may the wallet sign this order? From marginkit's preview of the order
// (mk.preview's answer) and the user's threshold (percent of the index), it answers
// { allowed, reasons[] }: allowed only when the engine accepts the order and no liquidation price
// after it lies within the threshold of the index. Pure (no chrome.*, no engine), so node's unit
// tests check it on previews the engine computed.
//
// Each reason is { code, message, ...figures }; codes:
//   ORDER_REJECTED         the engine does not accept the order (rejectReason says why)
//   IN_LIQUIDATION_AFTER   accepted (it only reduces risk) but the account would be in liquidation
//                          (an account in liquidation after the order is blocked by one of these
//                          two, and no LIQUIDATION_TOO_CLOSE is given for it)
//   LIQUIDATION_TOO_CLOSE  a liquidation price after the order is within the threshold: one reason
//                          per liquidationAfter entry (underlying, or position in isolated margin)
//   ENGINE_ERROR           the engine refused the input (blockedByEngineError)
import { usd } from './format.js';
import { checkThresholdPercent } from './threshold.js';

export function gatePreview(preview, thresholdPercent) {
  checkThresholdPercent(thresholdPercent);
  checkPreviewHasLevels(preview);
  const reasons = [];
  if (!preview.accepted) reasons.push(orderRejected(preview));
  if (preview.after.status === 'liquidation') {
    // In liquidation at the index itself: distance 0. Its levels are then the prices where it
    // would leave liquidation, not distances to it, so they are not reported as such.
    if (preview.accepted) {
      reasons.push({
        code: 'IN_LIQUIDATION_AFTER',
        message: 'After this order the account would be in liquidation (equity at or below maintenance margin), though the order reduces risk.',
      });
    }
    return { allowed: false, reasons };
  }
  for (const entry of preview.liquidationAfter) {
    const nearest = nearestLevel(entry.liquidation);
    // Strictly inside, as marginkit's LIQUIDATION_PRICE_WITHIN_X_PERCENT warning: a level exactly
    // at the threshold is allowed, and with liquidationWarningPercent = threshold the warning
    // list and the gate name the same levels.
    if (nearest && Math.abs(nearest.distancePercent) < thresholdPercent) {
      reasons.push(liquidationTooClose(entry, nearest, thresholdPercent));
    }
  }
  return { allowed: reasons.length === 0, reasons };
}

// An input the engine refused (a MarginKitError) blocks signing; the field tells the user what.
export function blockedByEngineError(error) {
  return {
    allowed: false,
    reasons: [{
      code: 'ENGINE_ERROR',
      engineCode: String(error?.code ?? 'UNKNOWN'),
      field: String(error?.field ?? ''),
      message: String(error?.message ?? error),
    }],
  };
}

function orderRejected(preview) {
  const warning = preview.warnings?.find((w) => w.code === preview.rejectReason);
  return {
    code: 'ORDER_REJECTED',
    rejectReason: preview.rejectReason,
    message: `marginkit rejects the order: ${warning?.message ?? preview.rejectReason}.`,
  };
}

function liquidationTooClose(entry, level, thresholdPercent) {
  const where = entry.instrument ?? entry.underlying;
  const distance = Math.abs(level.distancePercent);
  return {
    code: 'LIQUIDATION_TOO_CLOSE',
    underlying: entry.underlying,
    ...(entry.instrument === undefined ? {} : { instrument: entry.instrument }),
    price: level.price,
    distancePercent: level.distancePercent,
    direction: level.direction,
    thresholdPercent,
    message: `${where} would be liquidated at ${usd(level.price)}, ${distance.toFixed(2)} % `
      + `${level.direction} the index: closer than the ${thresholdPercent} % you allow.`,
  };
}

function nearestLevel(levels) {
  let nearest = null;
  for (const level of levels) {
    if (!nearest || Math.abs(level.distancePercent) < Math.abs(nearest.distancePercent)) nearest = level;
  }
  return nearest;
}

// A preview computed with liquidationLevels: false has an empty liquidationAfter, which would read
// as "no liquidation price anywhere" and let everything through. marginkit gives an entry for every
// underlying the account has after the order (greeks lists them), so a missing one means the
// levels were not computed: refuse to judge.
function checkPreviewHasLevels(preview) {
  if (typeof preview?.accepted !== 'boolean' || !Array.isArray(preview.liquidationAfter)
      || !Array.isArray(preview.after?.greeks) || typeof preview.after.status !== 'string') {
    throw new TypeError('the gate needs a marginkit preview (accepted, after, liquidationAfter)');
  }
  const covered = new Set(preview.liquidationAfter.map((entry) => entry.underlying));
  for (const { underlying } of preview.after.greeks) {
    if (!covered.has(underlying)) {
      throw new TypeError(`the preview has no liquidation levels for ${underlying}: compute it with liquidationLevels on (the default)`);
    }
  }
}
