// Staff queue: jobs waiting for review, for their sample, in the queue, held and running, with the staff actions on
// each; sample receipt by typing or scanning the label's id (a scanner types the id and Enter into the focused field).
import { el, add, setChildren, table } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { api, listAll } from '../api.js';
import { stateBadge, progressBar, pageHeading, problemBox, section, notice, act, every } from '../ui.js';

const Groups = [
  { id: 'review', states: ['submitted'] },
  { id: 'sample', states: ['awaiting-sample'] },
  { id: 'queued', states: ['queued'] },
  { id: 'held', states: ['held'] },
  { id: 'running', states: ['dispatched', 'running'] },
];

function actionButton(job, name, label, outlet, refresh, body) {
  const button = el('button', { type: 'button', text: label, className: name === 'reject' ? 'danger' : name === 'approve' ? 'primary' : '',
    dataset: { action: name, job: job.id } });
  button.addEventListener('click', () => act(button, outlet, async () => {
    const payload = typeof body === 'function' ? body() : body;
    if (payload === null) {
      return;
    }

    await api(`/api/v1/jobs/${encodeURIComponent(job.id)}/${name}`, { method: 'POST', body: payload ?? {} });
    await refresh();
  }));
  return button;
}

function actions(job, outlet, refresh) {
  const reason = el('input', { type: 'text', className: 'reason-input', placeholder: t('queue.reason'), attrs: { 'aria-label': t('queue.reason') }, dataset: { job: job.id } });
  const withReason = () => (reason.value.trim() ? { reason: reason.value.trim() } : {});
  const buttons = [];
  switch (job.state) {
    case 'submitted':
      buttons.push(actionButton(job, 'approve', t('action.approve'), outlet, refresh, withReason));
      buttons.push(actionButton(job, 'reject', t('action.reject'), outlet, refresh, () => {
        if (!reason.value.trim()) {
          outlet.replaceChildren(notice(t('queue.rejectNeedsReason', { id: job.id }), 'error'));
          reason.focus();
          return null;
        }

        return withReason();
      }));
      buttons.push(actionButton(job, 'hold', t('action.hold'), outlet, refresh, withReason));
      break;
    case 'awaiting-sample':
      buttons.push(actionButton(job, 'hold', t('action.hold'), outlet, refresh, withReason));
      break;
    case 'queued':
      buttons.push(actionButton(job, 'reorder', t('action.front'), outlet, refresh, { front: true }));
      buttons.push(actionButton(job, 'reorder', t('action.priorityHigh'), outlet, refresh, { priority: 'high' }));
      buttons.push(actionButton(job, 'hold', t('action.hold'), outlet, refresh, withReason));
      break;
    case 'held':
      buttons.push(actionButton(job, 'resume', t('action.resume'), outlet, refresh, withReason));
      break;
    case 'dispatched':
    case 'running':
      buttons.push(actionButton(job, 'cancel', t('action.abort'), outlet, refresh, withReason));
      break;
  }

  return el('div', { className: 'row-actions' }, job.state === 'submitted' || job.state === 'queued' || job.state === 'held' || job.state === 'awaiting-sample' ? reason : null, buttons);
}

function receiptForm(outlet, refresh) {
  const input = el('input', { id: 'receive-id', type: 'text', autocomplete: 'off', placeholder: 'S-000001', attrs: { autofocus: true, 'aria-describedby': 'receive-hint' } });
  const button = el('button', { type: 'submit', className: 'primary', id: 'receive-submit', text: t('queue.receive') });
  const result = el('div', { className: 'outlet', id: 'receive-result' });
  return el('form', { className: 'inline-form', id: 'receive-form', on: {
    submit: async event => {
      event.preventDefault();
      const id = input.value.trim();
      if (!id) {
        return;
      }

      await act(button, result, async () => {
        const receipt = await api(`/api/v1/samples/${encodeURIComponent(id)}/receive`, { method: 'POST', body: {} });
        input.value = '';
        result.replaceChildren(notice(receipt.queuedJobs?.length
          ? t('queue.received', { id: receipt.sample.id, name: receipt.sample.name, jobs: receipt.queuedJobs.join(', ') })
          : t('queue.receivedNoJobs', { id: receipt.sample.id, name: receipt.sample.name }), 'ok'));
        await refresh();
      });
      input.focus();
    },
  } },
  el('label', { attrs: { for: 'receive-id' }, text: t('queue.sampleId') }), input, button,
  el('p', { className: 'hint', id: 'receive-hint', text: t('queue.receiveHint') }), result);
}

export async function render(root, { signal }) {
  const outlet = el('div', { className: 'outlet', id: 'queue-result' });
  const panels = new Map(Groups.map(g => [g.id, el('div', { id: 'queue-' + g.id })]));
  add(root, pageHeading(t('queue.title')), el('p', { className: 'lead', text: t('queue.intro') }),
    section(t('queue.sampleReceipt'), receiptForm(outlet, () => refresh())),
    outlet,
    Groups.map(g => section(t('queue.group.' + g.id), panels.get(g.id))));

  async function refresh() {
    // A 403 (the role changed since sign-in) is shown as the hub said it.
    const lists = await Promise.all(Groups.map(g => Promise.all(g.states.map(s => listAll(`/api/v1/jobs?state=${s}&limit=200`, { signal, maxPages: 5 })))));
    Groups.forEach((g, i) => {
      const jobs = lists[i].flat();
      setChildren(panels.get(g.id), jobs.length ? table([
        [t('job.id'), j => el('a', { href: `#/job/${encodeURIComponent(j.id)}`, text: j.id })],
        [t('job.state'), j => stateBadge(j.state)],
        [t('job.requester'), j => j.requester],
        [t('job.instrument'), j => j.instrument ?? j.instrumentKind],
        [t('job.method'), j => j.method],
        [t('job.sample'), j => j.sampleId ?? '—'],
        [t('job.priority'), j => t('priority.' + j.priority)],
        [g.id === 'running' ? t('job.progress') : t('job.submittedAt'), j => g.id === 'running' ? progressBar(j.progress) : formatDateTime(j.createdAt)],
        [t('queue.actions'), j => actions(j, outlet, refresh)],
      ], jobs, j => ({ dataset: { job: j.id, state: j.state } })) : el('p', { className: 'meta', text: t('common.noneNow') }));
    });
  }

  try {
    await refresh();
  } catch (error) {
    root.replaceChildren(pageHeading(t('queue.title')), problemBox(error, 'page'));
    return;
  }

  // Refreshing replaces the tables; while someone types a reason, wait for them.
  await every(3000, signal, async () => {
    if (!(document.activeElement instanceof HTMLInputElement && document.activeElement.classList.contains('reason-input') && document.activeElement.value)) {
      await refresh();
    }
  });
}
