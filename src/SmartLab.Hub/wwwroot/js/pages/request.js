// Request a measurement: pick an instrument (or any instrument of a kind) and a method; the parameter form is
// generated from the method's declaration with units, defaults, limits and the estimated duration.
import { el, add, setChildren } from '../dom.js';
import { t, formatDuration, parseDuration } from '../i18n.js';
import { api, listAll, idempotencyKey } from '../api.js';
import * as session from '../session.js';
import { parameterForm } from '../forms.js';
import { pageHeading, section, notice, problemBox } from '../ui.js';

export async function render(root, { signal }) {
  const [instruments, profileList, samples] = await Promise.all([
    listAll('/api/v1/instruments?limit=1000', { signal }),
    listAll('/api/v1/profiles', { signal }),
    listAll('/api/v1/samples?limit=200', { signal, maxPages: 5 }),
  ]);
  const profiles = new Map();
  for (const p of profileList) {
    profiles.set(p.id, await api(`/api/v1/profiles/${encodeURIComponent(p.id)}`, { signal }));
  }

  // "instrument:<id>" runs on that instrument; "kind:<profile>" on whichever instrument of that kind is free first.
  const target = el('select', { id: 'request-target', name: 'target' },
    el('option', { value: '', text: t('form.choose') }),
    el('optgroup', { label: t('request.anyOfKind') }, [...profiles.values()].filter(p => instruments.some(i => i.profile === p.id))
      .map(p => el('option', { value: 'kind:' + p.id, text: t('request.anyKind', { title: p.title }) }))),
    el('optgroup', { label: t('request.specific') }, instruments.map(i => el('option', { value: 'instrument:' + i.id, text: `${i.displayName ?? i.id} (${i.id})` }))));
  const method = el('select', { id: 'request-method', name: 'method' });
  const sample = el('select', { id: 'request-sample', name: 'sample' },
    el('option', { value: '', text: t('request.noSample') }),
    samples.map(s => el('option', { value: s.id, text: `${s.id} — ${s.name}` })));
  const priority = el('select', { id: 'request-priority' }, ['normal', 'low', ...(session.isStaff() ? ['high'] : [])].map(p => el('option', { value: p, text: t('priority.' + p) })));
  const notes = el('input', { id: 'request-notes', type: 'text', autocomplete: 'off' });
  const methodInfo = el('div', { id: 'request-method-info' });
  const paramsHolder = el('div', { id: 'request-params' });
  const outlet = el('div', { className: 'outlet', id: 'request-result' });
  const submit = el('button', { type: 'submit', className: 'primary', id: 'request-submit', text: t('request.submit'), disabled: true });
  let form = null;
  let key = idempotencyKey();

  function profileOfTarget() {
    const [kind, id] = target.value.split(/:(.*)/s);
    if (kind === 'kind') return profiles.get(id);
    if (kind === 'instrument') return profiles.get(instruments.find(i => i.id === id)?.profile);
    return null;
  }

  function showMethod() {
    const profile = profileOfTarget();
    const m = profile?.methods?.find(x => x.name === method.value);
    form = m ? parameterForm(m.parameters, 'param') : null;
    submit.disabled = !m;
    const seconds = parseDuration(m?.estimatedDuration ?? m?.estimatedDurationSeconds);
    setChildren(methodInfo, m ? [
      m.description ? el('p', { className: 'hint', text: m.description }) : null,
      seconds ? el('p', { id: 'request-duration', text: t('request.estimated', { duration: formatDuration(seconds) }) }) : null,
    ] : null);
    setChildren(paramsHolder, form?.element ?? null);
    key = idempotencyKey();
  }

  target.addEventListener('change', () => {
    const profile = profileOfTarget();
    setChildren(method, (profile?.methods ?? []).map(m => el('option', { value: m.name, text: m.name })));
    showMethod();
  });
  method.addEventListener('change', showMethod);
  paramsHolder.addEventListener('input', () => {
    key = idempotencyKey();
  });

  const formElement = el('form', { id: 'request-form', className: 'request-form', attrs: { novalidate: true }, on: {
    submit: async event => {
      event.preventDefault();
      outlet.replaceChildren();
      if (!form) {
        return;
      }

      const { ok, values } = form.read();
      if (!ok) {
        outlet.replaceChildren(notice(t('form.fixErrors'), 'error'));
        return;
      }

      const [kind, id] = target.value.split(/:(.*)/s);
      const body = { method: method.value, parameters: values, priority: priority.value };
      body[kind === 'kind' ? 'instrumentKind' : 'instrument'] = id;
      if (sample.value) body.sampleId = sample.value;
      if (notes.value.trim()) body.notes = notes.value.trim();
      submit.disabled = true;
      try {
        // The same key for a retried click: the hub answers the first job instead of creating a second one.
        const job = await api('/api/v1/jobs', { method: 'POST', body, headers: { 'Idempotency-Key': key } });
        location.hash = `#/job/${encodeURIComponent(job.id)}`;
      } catch (error) {
        form.markServerField(error.field, error.message);
        outlet.replaceChildren(problemBox(error));
        submit.disabled = false;
      }
    },
  } },
  el('div', { className: 'grid-form' },
    el('label', { attrs: { for: 'request-target' }, text: t('request.instrument') }), target,
    el('label', { attrs: { for: 'request-method' }, text: t('request.method') }), method,
    el('label', { attrs: { for: 'request-sample' }, text: t('request.sample') }), sample,
    el('label', { attrs: { for: 'request-priority' }, text: t('request.priority') }), priority,
    el('label', { attrs: { for: 'request-notes' }, text: t('request.notes') }), notes),
  methodInfo,
  section(t('request.parameters'), paramsHolder),
  el('div', { className: 'actions' }, submit),
  outlet);

  add(root, pageHeading(t('request.title')), el('p', { className: 'lead', text: t('request.intro') }),
    samples.length ? null : el('p', { className: 'hint' }, t('request.noSamplesYet'), ' ', el('a', { href: '#/samples', text: t('nav.samples') })),
    formElement);
}
