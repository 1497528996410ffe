// Closed-loop experiments. Loops are client processes: their jobs carry notes `loop:<name>:<experiment>:<step>`. The
// page groups jobs by loop, lists proposals waiting for staff approval, and plots convergence when the hub offers
// loop progress (GET /api/v1/loops); without it, the job table is all there is.
import { el, add, setChildren, table } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { api, listAll, ApiError } from '../api.js';
import * as session from '../session.js';
import { lineChart } from '../chart.js';
import { stateBadge, progressBar, pageHeading, section, problemBox, act, every, isFinal } from '../ui.js';

const NotePattern = /^loop:([^:]+):(\d+):(.*)$/;

/** Objective values of a loop as the hub reports them, in experiment order: [{ n, value, best }]. */
function progressPoints(loop) {
  const points = loop?.status?.experiments ?? loop?.progress ?? loop?.experiments ?? [];
  const result = [];
  for (const [i, p] of points.entries()) {
    const value = typeof p?.value === 'number' ? p.value : typeof p?.objective === 'number' ? p.objective : null;
    if (value !== null) {
      const n = typeof p.number === 'number' ? p.number : typeof p.experiment === 'number' ? p.experiment : i + 1;
      result.push({ n, value, best: typeof p.best === 'number' ? p.best : null });
    }
  }

  return result;
}

/** The loop's own account of itself (GET /api/v1/loops): state, optimizer, experiments done of its budget, best value. */
function statusLine(loop) {
  const status = loop?.status;
  if (!status) {
    return null;
  }

  const unit = status.objectiveUnit ? ` ${status.objectiveUnit}` : '';
  return el('p', { className: 'meta loop-status', dataset: { state: status.state },
    text: t('loops.status', { state: t('loops.state.' + status.state), optimizer: status.optimizer, done: loop.done ?? 0, budget: status.budget,
      best: typeof loop.bestValue === 'number' ? `${Number(loop.bestValue.toPrecision(5))}${unit}` : '–' }) });
}

function convergence(loop, signal) {
  const points = progressPoints(loop);
  if (points.length < 1) {
    return null;
  }

  const goal = loop.status?.goal ?? loop.goal;
  const maximise = goal === 'maximize' || goal === 'maximise';
  let best = null;
  const bests = points.map(p => {
    best = p.best ?? (best === null ? p.value : maximise ? Math.max(best, p.value) : Math.min(best, p.value));
    return best;
  });
  const chart = lineChart({ title: t('loops.convergence'), xLabel: t('loops.experiment'), yLabel: `${t('loops.objective')}${loop.status?.objectiveUnit ? ` [${loop.status.objectiveUnit}]` : ''}`,
    series: [{ label: t('loops.objective') }, { label: t('loops.best') }] });
  chart.element.id = `convergence-${loop.name}`;
  chart.update(points.map(p => p.n), points.map(p => p.value), bests);
  signal.addEventListener('abort', () => chart.destroy());
  return chart.element;
}

export async function render(root, { signal }) {
  const holder = el('div', { id: 'loops' });
  const outlet = el('div', { className: 'outlet', id: 'loops-result' });
  add(root, pageHeading(t('loops.title')), el('p', { className: 'lead', text: t('loops.intro') }), outlet, holder);
  let shown = '';

  async function refresh() {
    let hubLoops = null;
    try {
      const answer = await api('/api/v1/loops', { signal });
      hubLoops = Array.isArray(answer) ? answer : answer?.items ?? null;
    } catch (error) {
      if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 405)) {
        throw error;
      }
    }

    const jobs = (await listAll('/api/v1/jobs?limit=1000', { signal, maxPages: 3 })).filter(j => NotePattern.test(j.notes ?? ''));
    const loops = new Map();
    for (const job of jobs) {
      const [, name, n, step] = NotePattern.exec(job.notes);
      if (!loops.has(name)) {
        loops.set(name, { name, jobs: [], experiments: new Set() });
      }

      const loop = loops.get(name);
      loop.jobs.push({ ...job, experiment: Number(n), step });
      loop.experiments.add(Number(n));
    }

    for (const l of hubLoops ?? []) {
      if (l?.name && !loops.has(l.name)) {
        loops.set(l.name, { name: l.name, jobs: [], experiments: new Set() });
      }
    }

    // Rebuilt only when something changed, so a chart is not redrawn every few seconds for nothing.
    const fingerprint = JSON.stringify([...loops.values()].map(l => l.jobs.map(j => [j.id, j.state, Math.round((j.progress ?? 0) * 20)]))) + JSON.stringify(hubLoops);
    if (fingerprint === shown) {
      return;
    }

    shown = fingerprint;
    if (!loops.size) {
      setChildren(holder, el('p', { text: t('loops.none') }));
      return;
    }

    setChildren(holder, [...loops.values()].sort((a, b) => a.name.localeCompare(b.name)).map(loop => {
      const running = loop.jobs.filter(j => !isFinal(j.state));
      const pending = loop.jobs.filter(j => j.state === 'submitted');
      const hub = hubLoops?.find(l => l?.name === loop.name);
      const latest = loop.jobs.reduce((a, j) => (!a || j.updatedAt > a ? j.updatedAt : a), null);
      return el('section', { className: 'panel loop', dataset: { loop: loop.name } },
        el('h2', { text: t('loops.loop', { name: loop.name }) }),
        el('p', { className: 'meta', text: t('loops.summary', { experiments: loop.experiments.size, jobs: loop.jobs.length, running: running.length, time: formatDateTime(latest) }) }),
        hub ? statusLine(hub) : null,
        hub ? convergence(hub, signal) : null,
        el('h3', { text: t('loops.proposals') }),
        pending.length ? table([
          [t('job.id'), j => el('a', { href: `#/job/${encodeURIComponent(j.id)}`, text: j.id })],
          [t('loops.experiment'), j => String(j.experiment)],
          [t('job.instrument'), j => j.instrument ?? j.instrumentKind],
          [t('job.parameters'), j => el('code', { text: Object.entries(j.parameters ?? {}).map(([k, v]) => `${k}=${v}`).join(', ') })],
          [t('queue.actions'), j => (session.isStaff() ? ['approve', 'reject'].map(name => {
            const button = el('button', { type: 'button', text: t('action.' + name), className: name === 'approve' ? 'primary' : 'danger', dataset: { action: name, job: j.id } });
            button.addEventListener('click', () => act(button, outlet, async () => {
              await api(`/api/v1/jobs/${encodeURIComponent(j.id)}/${name}`, { method: 'POST', body: { reason: name === 'reject' ? t('loops.rejectedHere') : undefined } });
              shown = '';
              await refresh();
            }));
            return button;
          }) : t('loops.waitingForStaff'))],
        ], pending) : el('p', { className: 'meta', text: t('common.noneNow') }),
        el('h3', { text: t('loops.jobs') }),
        table([
          [t('job.id'), j => el('a', { href: `#/job/${encodeURIComponent(j.id)}`, text: j.id })],
          [t('loops.experiment'), j => String(j.experiment)],
          [t('loops.step'), j => j.step],
          [t('job.state'), j => stateBadge(j.state)],
          [t('job.progress'), j => (isFinal(j.state) ? '' : progressBar(j.progress))],
          [t('job.instrument'), j => j.instrument ?? j.instrumentKind],
          [t('job.updatedAt'), j => formatDateTime(j.updatedAt)],
        ], loop.jobs.sort((a, b) => b.experiment - a.experiment || (a.createdAt < b.createdAt ? 1 : -1))));
    }));
  }

  await every(3000, signal, async () => {
    try {
      await refresh();
      outlet.querySelector('.problem')?.remove();
    } catch (error) {
      if (!signal.aborted) {
        outlet.replaceChildren(problemBox(error));
      }
    }
  });
}
