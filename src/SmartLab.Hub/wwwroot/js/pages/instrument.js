// One instrument: live state, telemetry charts from the SSE stream, and for staff the control lease, command forms
// generated from the profile, the always-allowed safety commands (emergency stop) and recent audit entries.
import { el, add, setChildren, table } from '../dom.js';
import { t, formatDateTime, formatNumber, formatTime } from '../i18n.js';
import { api, readEvents } from '../api.js';
import * as session from '../session.js';
import { parameterForm } from '../forms.js';
import { lineChart } from '../chart.js';
import { statusBadge, pageHeading, problemBox, section, notice, act, every } from '../ui.js';

const MaxPoints = 600;
const HistoryMinutes = 10;

function telemetryPanel(id, profile, signal) {
  const numeric = (profile.telemetry ?? []).filter(c => c.type === 'number' || c.type === 'integer');
  const series = new Map(numeric.map(c => [c.name, { x: [], y: [], chart: lineChart({
    title: `${c.name}${c.unit && c.unit !== '1' ? ` (${c.unit})` : ''}`, xLabel: t('instrument.time'), yLabel: c.unit ?? '', time: true,
    series: [{ label: c.name }], height: 180,
  }) }]));
  for (const [name, s] of series) {
    s.chart.element.dataset.channel = name;
    s.chart.element.querySelector('.chart').id = 'chart-' + name;
  }

  const current = el('table', { className: 'telemetry', id: 'telemetry-now' });
  const stamp = el('p', { className: 'meta', id: 'telemetry-time' });
  const panel = section(t('instrument.telemetry'), stamp, current, el('div', { className: 'charts' }, [...series.values()].map(s => s.chart.element)));

  function add(ts, values, redraw = true) {
    const x = Date.parse(ts) / 1000;
    for (const [name, value] of Object.entries(values ?? {})) {
      const s = series.get(name);
      if (!s || typeof value !== 'number' || (s.x.length && x < s.x[s.x.length - 1])) {
        continue;
      }

      s.x.push(x);
      s.y.push(value);
      if (s.x.length > MaxPoints) {
        s.x.shift();
        s.y.shift();
      }

      if (redraw) {
        s.chart.update(s.x, s.y);
      }
    }
  }

  function showNow(ts, values) {
    stamp.textContent = t('instrument.lastReading', { time: formatDateTime(ts) });
    setChildren(current, Object.entries(values ?? {}).map(([channel, value]) => {
      const unit = profile.telemetry?.find(c => c.name === channel)?.unit;
      return el('tr', { dataset: { channel } }, el('td', { text: channel }),
        el('td', { className: 'num', text: typeof value === 'boolean' ? (value ? t('common.yes') : t('common.no')) : formatNumber(value) }),
        el('td', { className: 'unit', text: unit && unit !== '1' ? unit : '' }));
    }));
  }

  async function start() {
    // The last minutes from stored history first, so the charts do not start empty.
    try {
      const from = new Date(Date.now() - HistoryMinutes * 60_000).toISOString();
      const buckets = await api(`/api/v1/instruments/${encodeURIComponent(id)}/telemetry/history?from=${encodeURIComponent(from)}`, { signal });
      for (const b of (Array.isArray(buckets) ? buckets : buckets?.items ?? []).sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts))) {
        add(b.ts, { [b.channel]: b.mean }, false);
      }

      for (const s of series.values()) {
        s.chart.update(s.x, s.y);
      }
    } catch {
      // History is a convenience; live readings follow anyway.
    }

    readEvents(`/api/v1/instruments/${encodeURIComponent(id)}/telemetry`, (event, data) => {
      if (event === 'telemetry' && data?.values) {
        add(data.ts, data.values);
        showNow(data.ts, data.values);
      }
    }, { signal }).catch(() => {});
  }

  signal.addEventListener('abort', () => {
    for (const s of series.values()) {
      s.chart.destroy();
    }
  });
  return { panel, start, showNow };
}

function commandForm(id, command, leaseId, onDone) {
  const form = parameterForm(command.parameters, `cmd-${command.name}`);
  const outlet = el('div', { className: 'outlet', id: `cmd-${command.name}-result` });
  const button = el('button', { type: 'submit', className: command.safety === 'always-allowed' ? 'danger' : 'primary', text: t('instrument.send') });
  return el('form', { className: 'command', id: `cmd-${command.name}`, attrs: { novalidate: true }, on: {
    submit: async event => {
      event.preventDefault();
      const { ok, values } = form.read();
      if (!ok) {
        outlet.replaceChildren(notice(t('form.fixErrors'), 'error'));
        return;
      }

      await act(button, outlet, async () => {
        try {
          const result = await api(`/api/v1/instruments/${encodeURIComponent(id)}/commands/${encodeURIComponent(command.name)}`, {
            method: 'POST', body: values, headers: leaseId && command.safety !== 'always-allowed' ? { 'X-Lease-Id': leaseId } : {},
          });
          outlet.replaceChildren(notice(t('instrument.commandDone', { name: command.name, ms: formatNumber(result.latencyMs, 0) }), 'ok'));
        } catch (error) {
          form.markServerField(error.field, error.message);
          throw error;
        } finally {
          onDone();
        }
      });
    },
  } },
  el('h3', { text: command.name }),
  command.description ? el('p', { className: 'hint', text: command.description }) : null,
  form.element,
  el('div', { className: 'actions' }, button),
  outlet);
}

export async function render(root, { params: [id], signal }) {
  const instrument = await api(`/api/v1/instruments/${encodeURIComponent(id)}`, { signal });
  const profile = await api(`/api/v1/profiles/${encodeURIComponent(instrument.profile)}${instrument.profileVersion ? `?version=${encodeURIComponent(instrument.profileVersion)}` : ''}`, { signal });
  const me = session.account();
  const staff = session.isStaff();

  const badge = el('span');
  const facts = el('dl', { className: 'facts', id: 'instrument-facts' });
  const heading = pageHeading(instrument.displayName ?? instrument.id, badge);
  const telemetry = telemetryPanel(id, profile, signal);
  add(root, heading, el('p', { className: 'lead', text: `${profile.title} · ${instrument.id}` }));

  // Safety commands (always-allowed in the profile) need no lease: any staff member may send them at any time.
  const safetyOutlet = el('div', { className: 'outlet', id: 'safety-result' });
  const safetyCommands = (profile.commands ?? []).filter(c => c.safety === 'always-allowed');
  if (staff && safetyCommands.length) {
    add(root, el('section', { className: 'panel safety' },
      el('h2', { text: t('instrument.safety') }),
      el('div', { className: 'actions' }, safetyCommands.filter(c => !(c.parameters ?? []).length).map(c => {
        const button = el('button', { type: 'button', className: c.name === 'emergencyStop' ? 'danger estop' : 'danger', id: c.name === 'emergencyStop' ? 'estop' : `safety-${c.name}`,
          text: c.name === 'emergencyStop' ? t('instrument.estop') : c.name, attrs: { title: c.description ?? '' } });
        button.addEventListener('click', () => act(button, safetyOutlet, async () => {
          const result = await api(`/api/v1/instruments/${encodeURIComponent(id)}/commands/${encodeURIComponent(c.name)}`, { method: 'POST', body: {} });
          safetyOutlet.replaceChildren(notice(t('instrument.commandDone', { name: c.name, ms: formatNumber(result.latencyMs, 0) }), 'ok'));
          refresh();
        }));
        return button;
      })),
      safetyCommands.filter(c => (c.parameters ?? []).length).map(c => commandForm(id, c, null, () => refresh())),
      safetyOutlet));
  }

  add(root, section(t('instrument.state'), facts), telemetry.panel);

  const leasePanel = el('div', { id: 'lease-panel' });
  const leaseOutlet = el('div', { className: 'outlet', id: 'lease-result' });
  const commandsPanel = el('div', { id: 'commands' });
  const audit = el('div', { id: 'audit' });
  if (staff) {
    add(root, section(t('instrument.control'), leasePanel, leaseOutlet, commandsPanel), section(t('instrument.audit'), audit));
  }

  let shownLeaseKey = null;

  async function showLease(current) {
    const lease = current.leaseHolder ? await api(`/api/v1/instruments/${encodeURIComponent(id)}/lease`, { signal }).catch(() => null) : null;
    const mine = lease && lease.holder === me.id;
    if (mine && lease.leaseId) {
      session.rememberLease(id, lease.leaseId);
    }

    const leaseId = mine ? (lease.leaseId ?? session.leaseOf(id)) : null;
    const key = lease ? `${lease.holder}:${leaseId ?? ''}:${lease.expiresAt}` : 'none';
    if (key === shownLeaseKey) {
      return;
    }

    const holderChanged = (shownLeaseKey ?? '').split(':').slice(0, 2).join(':') !== key.split(':').slice(0, 2).join(':');
    shownLeaseKey = key;
    if (!lease) {
      session.rememberLease(id, null);
      const purpose = el('input', { id: 'lease-purpose', type: 'text', autocomplete: 'off' });
      const duration = el('input', { id: 'lease-duration', type: 'text', value: '300', attrs: { inputmode: 'numeric' } });
      const take = el('button', { type: 'submit', className: 'primary', id: 'lease-take', text: t('instrument.takeLease') });
      setChildren(leasePanel, el('p', { text: t('instrument.noLease') }), el('form', { className: 'inline-form', on: {
        submit: async event => {
          event.preventDefault();
          const seconds = Number(duration.value);
          if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600) {
            leaseOutlet.replaceChildren(notice(t('instrument.leaseDurationLimit'), 'error'));
            return;
          }

          await act(take, leaseOutlet, async () => {
            const taken = await api(`/api/v1/instruments/${encodeURIComponent(id)}/lease`, { method: 'POST', body: { purpose: purpose.value.trim() || null, durationSeconds: seconds } });
            session.rememberLease(id, taken.leaseId);
            await refresh();
          });
        },
      } },
      el('label', { attrs: { for: 'lease-purpose' }, text: t('instrument.purpose') }), purpose,
      el('label', { attrs: { for: 'lease-duration' }, text: t('instrument.durationSeconds') }), duration, take));
      commandsPanel.replaceChildren();
      return;
    }

    if (!mine) {
      const children = [el('p', { id: 'lease-other', text: t('instrument.leaseHeldBy', { holder: lease.holder, purpose: lease.purpose ?? '—', time: formatTime(lease.expiresAt) }) })];
      if (session.isAdmin()) {
        const breakButton = el('button', { type: 'button', className: 'danger', text: t('instrument.breakLease') });
        breakButton.addEventListener('click', () => act(breakButton, leaseOutlet, async () => {
          await api(`/api/v1/instruments/${encodeURIComponent(id)}/lease?break=true`, { method: 'DELETE' });
          await refresh();
        }));
        children.push(breakButton);
      }

      setChildren(leasePanel, children);
      commandsPanel.replaceChildren();
      return;
    }

    const renew = el('button', { type: 'button', id: 'lease-renew', text: t('instrument.renewLease') });
    const release = el('button', { type: 'button', id: 'lease-release', text: t('instrument.releaseLease') });
    renew.addEventListener('click', () => act(renew, leaseOutlet, async () => {
      await api(`/api/v1/instruments/${encodeURIComponent(id)}/lease`, { method: 'PUT', body: {}, headers: { 'X-Lease-Id': leaseId } });
      await refresh();
    }));
    release.addEventListener('click', () => act(release, leaseOutlet, async () => {
      await api(`/api/v1/instruments/${encodeURIComponent(id)}/lease`, { method: 'DELETE', headers: { 'X-Lease-Id': leaseId } });
      session.rememberLease(id, null);
      await refresh();
    }));
    setChildren(leasePanel, el('p', { id: 'lease-mine', className: 'notice notice-ok', text: t('instrument.leaseMine', { time: formatTime(lease.expiresAt) }) }),
      el('div', { className: 'actions' }, renew, release));
    if (holderChanged) {
      // Forms are rebuilt only when control changes hands, so typing is not wiped by the periodic refresh.
      const commands = (profile.commands ?? []).filter(c => c.safety !== 'always-allowed' && (c.safety !== 'admin-only' || session.isAdmin()));
      setChildren(commandsPanel, el('h3', { text: t('instrument.commands') }), commands.map(c => commandForm(id, c, leaseId, () => refresh())));
    }
  }

  async function showAudit() {
    const entries = await api(`/api/v1/audit?instrumentId=${encodeURIComponent(id)}&limit=15`, { signal });
    setChildren(audit, entries.length ? table([
      [t('audit.time'), e => formatDateTime(e.ts)],
      [t('audit.actor'), e => e.actor],
      [t('audit.action'), e => e.action],
      [t('audit.details'), e => [e.target, e.details].filter(Boolean).join(' — ')],
    ], entries) : el('p', { text: t('common.noneYet') }));
  }

  async function refresh() {
    try {
      const current = await api(`/api/v1/instruments/${encodeURIComponent(id)}`, { signal });
      setChildren(badge, statusBadge(current));
      setChildren(facts,
        el('dt', { text: t('board.online') }), el('dd', { text: current.online ? t('common.yes') : t('common.no') }),
        el('dt', { text: t('board.currentJob') }), el('dd', {}, current.currentJob ? el('a', { href: `#/job/${encodeURIComponent(current.currentJob)}`, text: current.currentJob }) : t('common.none')),
        el('dt', { text: t('board.leaseHolder') }), el('dd', { id: 'lease-holder' }, current.leaseHolder ? t('board.leaseUntil', { holder: current.leaseHolder, time: formatTime(current.leaseExpiresAt) }) : t('common.none')),
        el('dt', { text: t('board.location') }), el('dd', { text: current.location ?? '—' }),
        el('dt', { text: t('instrument.agent') }), el('dd', { text: current.agent ?? '—' }),
        current.unusableReason ? [el('dt', { text: t('board.unusable') }), el('dd', { className: 'reason', text: current.unusableReason })] : null,
        current.degraded ? [el('dt', { text: t('board.degraded') }), el('dd', { className: 'reason', text: current.degraded })] : null);
      if (current.lastTelemetry && !document.getElementById('telemetry-now')?.children.length) {
        telemetry.showNow(current.lastTelemetry.ts, current.lastTelemetry.values);
      }

      if (staff) {
        await Promise.all([showLease(current), showAudit()]);
      }
    } catch (error) {
      if (!signal.aborted) {
        leaseOutlet.replaceChildren(problemBox(error));
      }
    }
  }

  await telemetry.start();
  await every(2000, signal, refresh);
}
