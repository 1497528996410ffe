// Forms generated from a profile's parameter declarations (a command's or a method's): type, unit, limits, allowed
// values, default and description. Values are checked here first, with a message that names the limit; the hub checks
// them again and its refusal is shown next to the field it names.
import { el } from './dom.js';
import { t, formatNumber } from './i18n.js';

const NumberPattern = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function limitsText(p) {
  const unit = p.unit && p.unit !== '1' ? ` ${p.unit}` : '';
  const parts = [];
  if (p.min !== undefined && p.min !== null && p.max !== undefined && p.max !== null) {
    parts.push(t('form.range', { min: formatNumber(p.min, 6), max: formatNumber(p.max, 6), unit }));
  } else if (p.min !== undefined && p.min !== null) {
    parts.push(t('form.minOnly', { min: formatNumber(p.min, 6), unit }));
  } else if (p.max !== undefined && p.max !== null) {
    parts.push(t('form.maxOnly', { max: formatNumber(p.max, 6), unit }));
  } else if (unit) {
    parts.push(t('form.unitOnly', { unit: p.unit }));
  }

  if (p.default !== undefined && p.default !== null) {
    parts.push(t('form.default', { value: String(p.default) }));
  }

  return parts.join(' · ');
}

function inputFor(p, id) {
  if (Array.isArray(p.enum) && p.enum.length) {
    const select = el('select', { id, name: p.name },
      p.required && (p.default === undefined || p.default === null) ? el('option', { value: '', text: t('form.choose') }) : null,
      !p.required ? el('option', { value: '', text: t('form.useDefault') }) : null,
      p.enum.map(value => el('option', { value: String(value), text: String(value) })));
    if (p.default !== undefined && p.default !== null) {
      select.value = String(p.default);
    }

    return select;
  }

  if (p.type === 'boolean') {
    const box = el('input', { id, name: p.name, type: 'checkbox' });
    box.checked = p.default === true;
    return box;
  }

  const numeric = p.type === 'number' || p.type === 'integer';
  // A text box, not type=number: the browser's own checks would pre-empt ours, which name the profile's limit.
  return el('input', {
    id, name: p.name, type: 'text', autocomplete: 'off',
    value: p.default !== undefined && p.default !== null ? String(p.default) : '',
    attrs: { inputmode: numeric ? (p.type === 'integer' ? 'numeric' : 'decimal') : null, 'aria-describedby': id + '-hint' },
  });
}

/** Checks one raw value against its declaration; answers { value } or { error }. `value` undefined means "leave it out". */
export function checkValue(p, raw) {
  const unit = p.unit && p.unit !== '1' ? ` ${p.unit}` : '';
  if (p.type === 'boolean') {
    return { value: raw };
  }

  const text = String(raw ?? '').trim();
  if (text === '') {
    return p.required ? { error: t('form.required', { name: p.name }) } : { value: undefined };
  }

  if (Array.isArray(p.enum) && p.enum.length) {
    const match = p.enum.find(v => String(v) === text);
    return match === undefined ? { error: t('form.notAllowed', { name: p.name, values: p.enum.join(', ') }) } : { value: match };
  }

  if (p.type !== 'number' && p.type !== 'integer') {
    return { value: text };
  }

  if (!NumberPattern.test(text)) {
    return { error: t('form.notNumber', { name: p.name }) };
  }

  const value = Number(text);
  if (p.type === 'integer' && !Number.isInteger(value)) {
    return { error: t('form.notInteger', { name: p.name }) };
  }

  if (p.min !== undefined && p.min !== null && value < p.min) {
    return { error: t('form.belowMin', { name: p.name, min: formatNumber(p.min, 6), unit }) };
  }

  if (p.max !== undefined && p.max !== null && value > p.max) {
    return { error: t('form.aboveMax', { name: p.name, max: formatNumber(p.max, 6), unit }) };
  }

  return { value };
}

/**
 * A fieldset of inputs for `parameters`. read() answers { values, ok } and marks each bad field with its message;
 * markServerField(field, message) puts the hub's message next to the field it named (`parameters.stop` or `stop`).
 */
export function parameterForm(parameters, prefix) {
  const fields = new Map();
  const rows = (parameters ?? []).map(p => {
    const id = `${prefix}-${p.name}`;
    const input = inputFor(p, id);
    const error = el('span', { className: 'field-error', id: id + '-error', attrs: { role: 'alert' } });
    fields.set(p.name, { p, input, error });
    const unit = p.unit && p.unit !== '1' ? el('span', { className: 'unit', text: p.unit }) : null;
    return el('div', { className: 'field', dataset: { param: p.name } },
      el('label', { attrs: { for: id } }, el('span', { className: 'field-name', text: p.name }), p.required ? el('span', { className: 'required', text: ' *', attrs: { title: t('form.requiredMark') } }) : null),
      el('div', { className: 'field-input' }, input, unit),
      el('div', { className: 'hint', id: id + '-hint' }, limitsText(p), p.description ? el('span', { className: 'description', text: ' — ' + p.description }) : null),
      error);
  });

  function clear() {
    for (const { input, error } of fields.values()) {
      error.textContent = '';
      input.removeAttribute('aria-invalid');
    }
  }

  function mark(name, message) {
    const field = fields.get(name);
    if (!field) {
      return false;
    }

    field.error.textContent = message;
    field.input.setAttribute('aria-invalid', 'true');
    return true;
  }

  return {
    element: el('div', { className: 'param-form' }, rows.length ? rows : el('p', { className: 'meta', text: t('form.noParameters') })),
    read() {
      clear();
      const values = {};
      let ok = true;
      let first = null;
      for (const [name, { p, input }] of fields) {
        const result = checkValue(p, p.type === 'boolean' ? input.checked : input.value);
        if (result.error) {
          ok = false;
          mark(name, result.error);
          first ??= input;
        } else if (result.value !== undefined) {
          values[name] = result.value;
        }
      }

      first?.focus();
      return { ok, values };
    },
    markServerField(field, message) {
      return field ? mark(String(field).replace(/^.*parameters\./, ''), message) : false;
    },
    clear,
  };
}
