// Margin mode, portfolio model and venue profile.
import { h, fill } from './dom.mjs';
import { labelled, select } from './inputs.mjs';

// Filled in at build time from profiles/*.json (scripts/build-demo.mjs).
const PROFILES = __DEMO_PROFILES__;
const MODELS = [['deribit', 'deribit (Deribit PM grid)'], ['span', 'span (SPAN 16 scenarios)'], ['derive-pm2', 'derive-pm2 (Derive PM2)']];

export function renderSettingsForm(container, state, { onChange, onModeChange }) {
  fill(container,
    h('h2', null, 'Margin'),
    h('div', { class: 'inline' },
      labelled('Mode', select({ field: 'mode', value: state.mode,
        options: [['cross', 'cross'], ['isolated', 'isolated'], ['portfolio', 'portfolio']],
        onChange: (v) => { state.mode = v; onModeChange(); } })),
      labelled('Portfolio model', select({ field: 'model', value: state.model, options: MODELS,
        disabled: state.mode !== 'portfolio', title: 'Portfolio mode only',
        onChange: (v) => { state.model = v; onChange(); } })),
      labelled('Venue profile', select({ field: 'profile', value: state.profile,
        options: [['', 'none (Deribit defaults)'], ...PROFILES.map((p) => [p, p])],
        onChange: (v) => { state.profile = v; onChange(); } }))));
}
