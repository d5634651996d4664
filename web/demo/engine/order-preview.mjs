// The order's preview as the page asks for it: rows of the ordered instruments only, and the
// account after the fill (the engine's accountAfter), which the stress panel and the after-order
// curves revalue. The engine refuses an accountAfter beyond its input limits (a size past 1e15, a
// fill at a mark below 1e-12: web/marginkit.d.ts TradePreview.accountAfter); the preview is then
// asked for without it, and `afterNote` says why the after-order figures are left out.
export function orderPreview(prepared, order) {
  const options = { positions: 'changed' };
  try {
    return { preview: prepared.preview(order, { ...options, accountAfter: true }), afterNote: null };
  } catch (error) {
    if (!error?.field?.startsWith('accountAfter')) throw error;
    return { preview: prepared.preview(order, options), afterNote: error.message };
  }
}
