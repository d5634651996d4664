// The account after an order's fill, as marginkit's input, so that the page can revalue it on a
// grid of prices (mk.stress takes accounts, not orders). Built from the preview itself wherever
// the preview says it: balances from after.currencies (premiums paid or credited, realised P&L,
// spot trades), the ordered position's size and isolated margin from its after row. Only its
// entry price is restated here, by the engine's rule (README "Preview": the average of what was
// bought, harmonic for inverse futures and perpetuals; a flip opens the rest at the fill price).
// The page never trusts this blindly: checkAfterAccount() compares its risk with the preview's
// `after`, and the after-order curves are drawn only when they agree.

// mk: the engine; account: as sent to the preview; preview: prepared.preview(order, { positions:
// 'changed' }); order: the order as sent.
export function accountAfterFill(mk, account, order, preview) {
  const info = mk.instrument(order.instrument);
  const collateral = { ...(account.collateral ?? {}) };
  for (const c of preview.after.currencies) {
    if (c.currency in collateral || c.balance !== 0) collateral[c.currency] = c.balance;
  }
  const positions = (account.positions ?? []).map((p) => ({ ...p }));
  if (info.kind !== 'spot') {
    const at = positions.findIndex((p) => mk.instrument(p.instrument).name === info.name);
    const afterRow = preview.after.positions.find((r) => r.instrument === info.name);
    const beforeRow = preview.before.positions.find((r) => r.instrument === info.name);
    if (!afterRow) {
      if (at >= 0) positions.splice(at, 1); // closed exactly
    } else {
      const held = at >= 0 ? positions[at] : undefined;
      const price = order.price ?? afterRow.mark ?? beforeRow?.mark;
      const next = {
        instrument: info.name,
        size: afterRow.size,
        entryPrice: entryAfter(info, held, afterRow.size, price),
      };
      if (account.mode === 'isolated') next.isolatedMargin = isolatedMarginOf(info, afterRow, indexOf(preview, info));
      if (at >= 0) positions[at] = next;
      else positions.push(next);
    }
  }
  return { ...account, collateral, positions };
}

function entryAfter(info, held, newSize, price) {
  const oldSize = held?.size ?? 0;
  if (oldSize === 0) return price;
  if (newSize * oldSize < 0) return price; // flipped: the rest opened at the fill price
  const increases = Math.abs(newSize) > Math.abs(oldSize);
  if (!increases || price === held.entryPrice) return held.entryPrice;
  const a = Math.abs(oldSize);
  const b = Math.abs(newSize) - a;
  return info.settlement === 'inverse' && info.kind !== 'option'
    ? Math.abs(newSize) / (a / held.entryPrice + b / price)
    : (a * held.entryPrice + b * price) / Math.abs(newSize);
}

// Isolated equity = isolated margin + unrealised P&L (USD); the margin is held in the settlement
// currency: coins at the index for inverse instruments, USD for linear ones (collateral.hpp).
function isolatedMarginOf(info, row, index) {
  const usd = Math.max(0, row.isolatedEquityUsd - row.unrealizedPnlUsd);
  return info.settlement === 'inverse' ? usd / index : usd;
}

// The underlying's index, as the preview's Greeks carry it.
function indexOf(preview, info) {
  return preview.after.greeks.find((g) => g.underlying === info.underlying)?.index;
}

const FIGURES = ['equityUsd', 'initialMarginUsd', 'maintenanceMarginUsd', 'availableMarginUsd'];

// undefined when `risk` (of the rebuilt account) agrees with the preview's `after`, else why not.
export function checkAfterAccount(risk, after) {
  if (risk.status !== after.status) return `status ${risk.status} against the preview's ${after.status}`;
  for (const key of FIGURES) {
    const a = risk[key];
    const b = after[key];
    if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))) {
      return `${key} ${a} against the preview's ${b}`;
    }
  }
  return undefined;
}
