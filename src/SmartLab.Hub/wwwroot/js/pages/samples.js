// My samples: register one, see whether the facility has received it, and print its label (PNG with a QR code of
// the id; staff scan it when the parcel arrives).
import { el, add, setChildren, table } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { api, listAll, fetchBlob, idempotencyKey } from '../api.js';
import { pageHeading, section, notice, problemBox, act } from '../ui.js';

export async function render(root, { signal }) {
  const list = el('div', { id: 'samples-list' });
  const labelHolder = el('div', { id: 'label-holder', className: 'label-holder' });
  const outlet = el('div', { className: 'outlet', id: 'sample-result' });
  const name = el('input', { id: 'sample-name', type: 'text', autocomplete: 'off', required: true });
  const composition = el('input', { id: 'sample-composition', type: 'text', autocomplete: 'off' });
  const description = el('input', { id: 'sample-description', type: 'text', autocomplete: 'off' });
  const hazards = el('input', { id: 'sample-hazards', type: 'text', autocomplete: 'off', placeholder: t('samples.hazardsExample') });
  const create = el('button', { type: 'submit', className: 'primary', id: 'sample-create', text: t('samples.create') });
  let key = idempotencyKey();
  let labelUrl = null;
  signal.addEventListener('abort', () => labelUrl && URL.revokeObjectURL(labelUrl));

  async function showLabel(sample, button) {
    await act(button, labelHolder, async () => {
      const { blob } = await fetchBlob(`/api/v1/samples/${encodeURIComponent(sample.id)}/label`, { signal });
      if (labelUrl) {
        URL.revokeObjectURL(labelUrl);
      }

      labelUrl = URL.createObjectURL(blob);
      const print = el('button', { type: 'button', id: 'label-print', text: t('samples.print'), on: { click: () => window.print() } });
      setChildren(labelHolder, el('figure', { className: 'label print-target' },
        el('img', { src: labelUrl, alt: t('samples.labelAlt', { id: sample.id }), id: 'label-image', width: 300, height: 150 }),
        el('figcaption', { className: 'no-print', text: `${sample.id} — ${sample.name}` })), el('div', { className: 'actions no-print' }, print));
    });
  }

  async function refresh() {
    const samples = await listAll('/api/v1/samples?limit=200', { signal, maxPages: 5 });
    setChildren(list, samples.length ? table([
      [t('samples.id'), s => s.id],
      [t('samples.name'), s => s.name],
      [t('samples.composition'), s => s.composition ?? '—'],
      [t('samples.owner'), s => s.owner],
      [t('samples.received'), s => (s.receivedAt ? t('samples.receivedAt', { time: formatDateTime(s.receivedAt), by: s.receivedBy ?? '' }) : t('samples.notReceived'))],
      [t('samples.label'), s => {
        const button = el('button', { type: 'button', text: t('samples.showLabel'), dataset: { sample: s.id } });
        button.addEventListener('click', () => showLabel(s, button));
        return button;
      }],
    ], samples, s => ({ dataset: { sample: s.id } })) : el('p', { text: t('samples.none') }));
  }

  const form = el('form', { id: 'sample-form', className: 'grid-form', on: {
    submit: async event => {
      event.preventDefault();
      if (!name.value.trim()) {
        outlet.replaceChildren(notice(t('form.required', { name: t('samples.name') }), 'error'));
        return;
      }

      await act(create, outlet, async () => {
        const body = {
          name: name.value.trim(),
          composition: composition.value.trim() || null,
          description: description.value.trim() || null,
          hazards: hazards.value.split(/[,、]/).map(h => h.trim()).filter(Boolean),
        };
        const sample = await api('/api/v1/samples', { method: 'POST', body, headers: { 'Idempotency-Key': key } });
        key = idempotencyKey();
        for (const input of [name, composition, description, hazards]) {
          input.value = '';
        }

        outlet.replaceChildren(notice(t('samples.created', { id: sample.id }), 'ok'));
        await refresh();
      });
    },
  } },
  el('label', { attrs: { for: 'sample-name' }, text: t('samples.name') }), name,
  el('label', { attrs: { for: 'sample-composition' }, text: t('samples.composition') }), composition,
  el('label', { attrs: { for: 'sample-description' }, text: t('samples.description') }), description,
  el('label', { attrs: { for: 'sample-hazards' }, text: t('samples.hazards') }), hazards,
  el('span'), el('div', {}, create));

  add(root, pageHeading(t('samples.title')), el('p', { className: 'lead no-print', text: t('samples.intro') }),
    el('div', { className: 'no-print' }, section(t('samples.register'), form, outlet)),
    labelHolder,
    el('div', { className: 'no-print' }, section(t('samples.mine'), list)));
  try {
    await refresh();
  } catch (error) {
    list.replaceChildren(problemBox(error));
  }
}
