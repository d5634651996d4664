// Engine and page errors beside the field they name: the field's input is marked and the
// message (code and text) is put right after it. Errors whose field the page has no input for
// are listed in the general box, with the field's engine path.
import { h, fill } from './dom.mjs';
import { fieldFor } from '../state/engine-inputs.mjs';

// errors: { code, field (engine path), message, uiKey? }[]; fields: buildInputs().fields.
export function showErrors(root, general, errors, fields) {
  for (const el of root.querySelectorAll('.field-error')) el.remove();
  for (const el of root.querySelectorAll('.invalid')) el.classList.remove('invalid');
  const unplaced = [];
  for (const error of errors) {
    const uiKey = error.uiKey ?? (error.field ? fieldFor(fields, error.field) : undefined);
    const target = uiKey ? root.querySelector(`[data-field="${CSS.escape(uiKey)}"]`) : null;
    if (!target) { unplaced.push(error); continue; }
    target.classList.add('invalid');
    const note = h('div', { class: 'field-error', role: 'alert', dataset: { errorFor: uiKey, code: error.code } },
      h('code', null, error.code), ' ', error.message);
    // Inside a table cell, fieldset legend or label the note follows the input; next to a
    // section (a rows editor, a fieldset), it comes first inside it.
    if (target.matches('input, select')) target.insertAdjacentElement('afterend', note);
    else target.insertAdjacentElement('afterbegin', note);
  }
  fill(general, unplaced.map((e) => h('div', { class: 'field-error', role: 'alert', dataset: { code: e.code } },
    h('code', null, e.code), e.field ? ` (${e.field}) ` : ' ', e.message)));
  general.hidden = unplaced.length === 0;
}

// Rows left out of the inputs because their name is blank are shown as drafts.
export function markDrafts(root, draftRows) {
  for (const el of root.querySelectorAll('.draft')) el.classList.remove('draft');
  for (const key of draftRows) root.querySelector(`[data-field="${CSS.escape(key)}"]`)?.classList.add('draft');
}
