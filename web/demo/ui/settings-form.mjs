// Margin mode, portfolio model and venue profile.
import { h, fill } from './dom.mjs';
import { MODELS, MODES } from './choices.mjs';
import { labelled, select } from './inputs.mjs';

// Filled in at build time from profiles/*.json (scripts/build-demo.mjs).
const PROFILES = __DEMO_PROFILES__;

export function renderSettingsForm(container, state, { onChange, onModeChange }) {
  fill(container,
    h('h2', null, 'Margin'),
    h('div', { class: 'inline' },
      labelled('Mode', select({ field: 'mode', value: state.mode,
        options: MODES,
        onChange: (v) => { state.mode = v; onModeChange(); } })),
      labelled('Portfolio model', select({ field: 'model', value: state.model, options: MODELS,
        disabled: state.mode !== 'portfolio', title: 'Portfolio mode only',
        onChange: (v) => { state.model = v; onChange(); } })),
      labelled('Venue profile', select({ field: 'profile', value: state.profile,
        options: [['', 'none (Deribit defaults)'], ...PROFILES.map((p) => [p, p])],
        onChange: (v) => { state.profile = v; onChange(); } }))));
}
