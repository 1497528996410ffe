// One job: its state and progress live from the job's event stream, its history, the actions the viewer may take,
// and once its data is released a plot of it (diffraction pattern, spectrum, furnace profile, SEM image) with
// downloads (CSV, NeXus, RO-Crate, RDE).
import { el, add, setChildren, table } from '../dom.js';
import { t, tOptional, formatDateTime, formatDuration, formatNumber } from '../i18n.js';
import { api, readEvents, fetchBlob, download, ApiError } from '../api.js';
import * as session from '../session.js';
import { lineChart } from '../chart.js';
import { stateBadge, progressBar, pageHeading, section, notice, problemBox, act } from '../ui.js';

// Arrays that make a natural x axis; otherwise the first array is plotted against the point number.
const XAxes = ['twoTheta', 'wavelength', 'time', 'energy', 'position', 'wavenumber'];
const Ends = new Set(['delivered', 'failed', 'aborted', 'rejected', 'cancelled']);

function staffActions(job) {
  switch (job.state) {
    case 'submitted': return ['approve', 'reject', 'hold', 'cancel'];
    case 'approved':
    case 'awaiting-sample':
    case 'queued': return ['hold', 'cancel'];
    case 'held': return ['resume', 'cancel'];
    case 'dispatched':
    case 'running': return ['cancel'];
    case 'succeeded': return ['deliver'];
    default: return [];
  }
}

function plotMeasurement(measurement, signal) {
  const doc = measurement.document ?? {};
  const data = doc.data ?? {};
  const units = name => doc.descriptors?.[name]?.units ?? '';
  const arrays = Object.entries(data).filter(([, v]) => Array.isArray(v) && v.length && v.every(x => typeof x === 'number'));
  const parts = [];
  if (arrays.length) {
    const xEntry = arrays.find(([name]) => XAxes.includes(name));
    const ys = arrays.filter(entry => entry !== xEntry);
    const x = xEntry ? xEntry[1] : ys[0][1].map((_, i) => i + 1);
    const xLabel = xEntry ? `${xEntry[0]}${units(xEntry[0]) ? ` (${units(xEntry[0])})` : ''}` : t('job.pointNumber');
    // One chart per quantity: they rarely share a unit (counts, absorbance, °C, Ω/sq).
    for (const [name, y] of ys) {
      const chart = lineChart({ title: `${name}${units(name) ? ` (${units(name)})` : ''}`, xLabel, yLabel: units(name), series: [{ label: name }] });
      chart.element.dataset.quantity = name;
      chart.update(x, y);
      signal.addEventListener('abort', () => chart.destroy());
      parts.push(chart.element);
    }
  }

  for (const file of measurement.files ?? []) {
    if (String(file.mediaType ?? '').startsWith('image/') && file.href) {
      const img = el('img', { className: 'result-image', alt: file.name ?? '', id: 'result-image' });
      fetchBlob(file.href, { signal }).then(({ blob }) => {
        img.src = URL.createObjectURL(blob);
        signal.addEventListener('abort', () => URL.revokeObjectURL(img.src));
      }).catch(() => img.replaceWith(notice(t('job.imageUnavailable'), 'error')));
      parts.push(el('figure', { className: 'image-frame' }, img, el('figcaption', { text: file.name ?? '' })));
    }
  }

  const conditions = Object.entries(doc.conditions ?? {});
  if (conditions.length) {
    parts.push(el('details', {}, el('summary', { text: t('job.conditions') }),
      table([[t('job.name'), ([k]) => k], [t('job.value'), ([, v]) => (typeof v === 'number' ? formatNumber(v) : String(v))]], conditions)));
  }

  return parts.length ? parts : [el('p', { text: t('job.noPlot') })];
}

function downloadButton(id, label, path, fallbackName, outlet) {
  const button = el('button', { type: 'button', id, text: label });
  button.addEventListener('click', () => act(button, outlet, async () => {
    const saved = await download(path, fallbackName);
    outlet.replaceChildren(notice(t('job.downloaded', { name: saved.name, size: formatNumber(saved.size, 0) }), 'ok'));
  }));
  return button;
}

export async function render(root, { params: [id], signal }) {
  let job = await api(`/api/v1/jobs/${encodeURIComponent(id)}`, { signal });
  const me = session.account();
  const staff = session.isStaff();
  const badge = el('span', { id: 'job-state' });
  const progress = el('div', { id: 'job-progress' });
  const facts = el('dl', { className: 'facts', id: 'job-facts' });
  const history = el('div', { id: 'job-history' });
  const actionsHolder = el('div', { className: 'actions', id: 'job-actions' });
  const actionOutlet = el('div', { className: 'outlet', id: 'job-action-result' });
  const reason = el('input', { type: 'text', id: 'job-reason', placeholder: t('queue.reason'), attrs: { 'aria-label': t('queue.reason') } });
  const results = el('div', { id: 'job-results' });
  const downloads = el('div', { className: 'outlet', id: 'download-result' });
  let resultsFor = null;

  add(root, pageHeading(t('job.title', { id: job.id }), badge),
    section(t('job.progress'), progress),
    section(t('job.details'), facts),
    section(t('job.actions'), el('div', { className: 'inline-form' }, reason, actionsHolder), actionOutlet),
    section(t('job.results'), results, downloads),
    section(t('job.history'), history));

  function actionsFor(current) {
    const names = staff ? staffActions(current) : (current.requester === me.id && !Ends.has(current.state) && current.state !== 'succeeded' ? ['cancel'] : []);
    return names.map(name => {
      const button = el('button', { type: 'button', id: 'job-' + name, text: t('action.' + (name === 'cancel' && ['dispatched', 'running'].includes(current.state) ? 'abort' : name)),
        className: name === 'approve' || name === 'deliver' ? 'primary' : name === 'reject' || name === 'cancel' ? 'danger' : '' });
      button.addEventListener('click', () => act(button, actionOutlet, async () => {
        if (name === 'reject' && !reason.value.trim()) {
          actionOutlet.replaceChildren(notice(t('queue.rejectNeedsReason', { id: current.id }), 'error'));
          reason.focus();
          return;
        }

        show(await api(`/api/v1/jobs/${encodeURIComponent(current.id)}/${name}`, { method: 'POST', body: reason.value.trim() ? { reason: reason.value.trim() } : {} }));
        reason.value = '';
      }));
      return button;
    });
  }

  async function showResults(current) {
    if (!['succeeded', 'delivered'].includes(current.state) || resultsFor === current.state) {
      return;
    }

    resultsFor = current.state;
    const parts = [];
    for (const measurementId of current.measurementIds ?? []) {
      let measurement;
      try {
        measurement = await api(`/api/v1/measurements/${encodeURIComponent(measurementId)}`, { signal });
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
          parts.push(notice(t('job.awaitingRelease'), 'info'));
          continue;
        }

        parts.push(problemBox(error));
        continue;
      }

      const base = `${current.id}-${measurementId}`;
      parts.push(el('article', { className: 'measurement', dataset: { measurement: measurementId } },
        el('h3', { text: t('job.measurement', { id: measurementId, time: formatDateTime(measurement.endedAt ?? measurement.receivedAt) }) }),
        plotMeasurement(measurement, signal),
        el('div', { className: 'actions downloads' },
          downloadButton('download-csv', t('job.downloadCsv'), `/api/v1/measurements/${encodeURIComponent(measurementId)}/export?format=csv`, `${base}.csv`, downloads),
          downloadButton('download-nexus', t('job.downloadNexus'), `/api/v1/measurements/${encodeURIComponent(measurementId)}/export?format=nexus`, `${base}.nxs`, downloads),
          (measurement.files ?? []).filter(f => f.href).map(f => downloadButton(`download-file-${f.fileId}`, t('job.downloadFile', { name: f.name ?? f.fileId }), f.href, f.name ?? f.fileId, downloads)))));
    }

    if (parts.length && !parts.every(p => p.classList?.contains('notice'))) {
      parts.push(el('div', { className: 'actions downloads' },
        downloadButton('download-rocrate', t('job.downloadRoCrate'), `/api/v1/jobs/${encodeURIComponent(current.id)}/dataset?format=rocrate`, `${current.id}-ro-crate.zip`, downloads),
        downloadButton('download-rde', t('job.downloadRde'), `/api/v1/jobs/${encodeURIComponent(current.id)}/dataset?format=rde`, `${current.id}-rde.zip`, downloads)));
    }

    setChildren(results, parts.length ? parts : el('p', { text: t('job.noMeasurements') }));
    if (parts.length && parts.every(p => p.classList?.contains('notice'))) {
      resultsFor = null; // ask again: staff may release the data any moment
    }
  }

  function show(current) {
    const stateChanged = current.state !== job?.state || !actionsHolder.children.length;
    job = current;
    setChildren(badge, stateBadge(current.state));
    setChildren(progress,
      Ends.has(current.state) || current.state === 'succeeded' ? null : progressBar(current.progress),
      el('p', { className: 'meta', id: 'job-stage' }, current.stage && ['dispatched', 'running'].includes(current.state) ? t('job.stage', { stage: current.stage }) : (tOptional('stateHelp.' + current.state) ?? '')));
    setChildren(facts,
      el('dt', { text: t('job.requester') }), el('dd', { text: current.requester }),
      el('dt', { text: t('job.instrument') }), el('dd', {}, current.instrument ? el('a', { href: `#/instrument/${encodeURIComponent(current.instrument)}`, text: current.instrument }) : t('request.anyKind', { title: current.instrumentKind })),
      el('dt', { text: t('job.method') }), el('dd', { text: current.method }),
      el('dt', { text: t('job.parameters') }), el('dd', {}, el('code', { text: Object.entries(current.parameters ?? {}).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ') })),
      el('dt', { text: t('job.sample') }), el('dd', { text: current.sampleId ?? '—' }),
      el('dt', { text: t('job.priority') }), el('dd', { text: t('priority.' + current.priority) }),
      current.operator ? [el('dt', { text: t('job.operator') }), el('dd', { text: current.operator })] : null,
      current.estimatedSeconds ? [el('dt', { text: t('job.estimated') }), el('dd', { text: formatDuration(current.estimatedSeconds) })] : null,
      current.notes ? [el('dt', { text: t('job.notes') }), el('dd', { text: current.notes })] : null,
      el('dt', { text: t('job.submittedAt') }), el('dd', { text: formatDateTime(current.createdAt) }),
      el('dt', { text: t('job.attempt') }), el('dd', { text: `${current.attempt} / ${current.maxAttempts}` }));
    if (current.history) {
      setChildren(history, table([
        [t('audit.time'), h => formatDateTime(h.at)],
        [t('job.transition'), h => [h.from ? stateBadge(h.from) : null, h.from ? ' → ' : null, stateBadge(h.to)]],
        [t('audit.actor'), h => h.actor + (h.onBehalfOf ? ` (${t('job.onBehalfOf', { id: h.onBehalfOf })})` : '')],
        [t('job.reason'), h => h.reason ?? ''],
      ], current.history));
    }

    if (stateChanged) {
      setChildren(actionsHolder, actionsFor(current));
      reason.hidden = !actionsHolder.children.length;
      if (!actionsHolder.children.length) {
        actionsHolder.append(el('span', { className: 'meta', text: t('job.noActions') }));
      }
    }

    showResults(current).catch(error => results.replaceChildren(problemBox(error)));
  }

  show(job);
  // Live: the job's event stream (snapshot, transitions, progress) until the job is over; a job waiting for staff to
  // release its data is asked again now and then. Not awaited: the page is ready while it follows the job.
  const pause = milliseconds => new Promise(resolve => setTimeout(resolve, milliseconds));
  (async () => {
    while (!signal.aborted && !Ends.has(job.state)) {
      if (job.state !== 'succeeded') {
        await readEvents(`/api/v1/jobs/${encodeURIComponent(id)}/events`, (event, data) => {
          if (data?.job) {
            show(event === 'progress' ? { ...data.job, history: data.job.history ?? job.history } : data.job);
          }
        }, { signal, reconnect: false }).catch(() => {});
      }

      if (!signal.aborted && !Ends.has(job.state)) {
        await pause(2000);
        if (!signal.aborted) {
          show(await api(`/api/v1/jobs/${encodeURIComponent(id)}`, { signal }));
        }
      }
    }
  })().catch(() => {});
}
