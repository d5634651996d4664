// The demo's choices of margin mode and portfolio model, with their labels. Held to the d.ts
// unions (MarginMode, PortfolioModelName) and to the package's portfolio-models/ by
// tests/js/names.test.mjs.
export const MODES = [['cross', 'cross'], ['isolated', 'isolated'], ['portfolio', 'portfolio']];
export const MODELS = [['deribit', 'deribit (Deribit PM grid)'], ['span', 'span (SPAN 16 scenarios)'], ['derive-pm2', 'derive-pm2 (Derive PM2)']];
