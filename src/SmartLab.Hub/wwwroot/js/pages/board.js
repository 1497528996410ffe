// Instrument board: every instrument's live state (online, status, current job, lease holder, recent alarms), polled.
import { el, add, setChildren } from '../dom.js';
import { t, formatDateTime, formatNumber, formatTime } from '../i18n.js';
import { api, listAll } from '../api.js';
import * as session from '../session.js';
import { statusBadge, pageHeading, problemBox, every } from '../ui.js';

const RefreshMilliseconds = 2000;
const AlarmWindowMilliseconds = 24 * 3600 * 1000;

function card(instrument, alarms) {
  const values = Object.entries(instrument.lastTelemetry?.values ?? {});
  const alarm = alarms.get(instrument.id);
  return el('article', { className: 'card instrument-card', dataset: { instrument: instrument.id, status: instrument.online ? instrument.status : 'offline' } },
    el('header', {},
      el('h2', {}, el('a', { href: `#/instrument/${encodeURIComponent(instrument.id)}`, text: instrument.displayName ?? instrument.id })),
      statusBadge(instrument)),
    el('dl', { className: 'facts' },
      el('dt', { text: t('board.id') }), el('dd', { text: `${instrument.id} · ${instrument.profile}` }),
      instrument.location ? [el('dt', { text: t('board.location') }), el('dd', { text: instrument.location })] : null,
      el('dt', { text: t('board.online') }), el('dd', { className: 'online', text: instrument.online ? t('common.yes') : t('common.no') }),
      el('dt', { text: t('board.currentJob') }), el('dd', { className: 'current-job' },
        instrument.currentJob ? el('a', { href: `#/job/${encodeURIComponent(instrument.currentJob)}`, text: instrument.currentJob }) : t('common.none')),
      el('dt', { text: t('board.leaseHolder') }), el('dd', { className: 'lease-holder' },
        instrument.leaseHolder ? t('board.leaseUntil', { holder: instrument.leaseHolder, time: formatTime(instrument.leaseExpiresAt) }) : t('common.none')),
      instrument.unusableReason ? [el('dt', { text: t('board.unusable') }), el('dd', { className: 'reason', text: instrument.unusableReason })] : null,
      instrument.degraded ? [el('dt', { text: t('board.degraded') }), el('dd', { className: 'reason', text: instrument.degraded })] : null,
      session.isStaff() ? [el('dt', { text: t('board.alarms') }), el('dd', { className: alarm ? 'alarm' : 'no-alarm' },
        alarm ? `${formatDateTime(alarm.ts)} — ${alarm.details ?? ''}` : t('common.none'))] : null),
    values.length ? el('table', { className: 'telemetry' }, values.map(([channel, value]) =>
      el('tr', {}, el('td', { text: channel }), el('td', { className: 'num', text: typeof value === 'boolean' ? (value ? t('common.yes') : t('common.no')) : formatNumber(value) })))) : null);
}

/** Latest alarm per instrument in the last day, from the audit log (staff only: instrument events are audited). */
async function recentAlarms(signal) {
  const alarms = new Map();
  if (!session.isStaff()) {
    return alarms;
  }

  const from = new Date(Date.now() - AlarmWindowMilliseconds).toISOString();
  const entries = await api(`/api/v1/audit?limit=300&from=${encodeURIComponent(from)}`, { signal });
  for (const entry of entries) {
    if (entry.action === 'event.alarm' && entry.instrumentId && !alarms.has(entry.instrumentId)) {
      alarms.set(entry.instrumentId, entry);
    }
  }

  return alarms;
}

export async function render(root, { signal }) {
  const grid = el('div', { className: 'grid', id: 'board' });
  const outlet = el('div');
  add(root, pageHeading(t('board.title')), el('p', { className: 'lead', text: t('board.intro') }), outlet, grid);
  await every(RefreshMilliseconds, signal, async () => {
    try {
      const [instruments, alarms] = await Promise.all([listAll('/api/v1/instruments?limit=1000', { signal }), recentAlarms(signal)]);
      outlet.replaceChildren();
      setChildren(grid, instruments.length ? instruments.map(i => card(i, alarms)) : el('p', { text: t('board.empty') }));
    } catch (error) {
      if (!signal.aborted) {
        outlet.replaceChildren(problemBox(error));
      }
    }
  });
}
