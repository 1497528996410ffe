// My jobs: the signed-in account's requests with their state and progress, refreshed while any is still moving.
import { el, add, setChildren, table } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { listAll } from '../api.js';
import * as session from '../session.js';
import { stateBadge, progressBar, pageHeading, problemBox, every, isFinal } from '../ui.js';

export async function render(root, { signal }) {
  const me = session.account();
  const list = el('div', { id: 'jobs-list' });
  add(root, pageHeading(t('jobs.title'), el('a', { href: '#/request', className: 'button primary', text: t('nav.request') })),
    el('p', { className: 'lead', text: t('jobs.intro') }), list);
  await every(2000, signal, async () => {
    try {
      // Staff see every job through the API; "my jobs" are theirs. Users only ever get their own.
      const query = session.isStaff() ? `?requester=${encodeURIComponent(me.id)}&limit=200` : '?limit=200';
      const jobs = await listAll('/api/v1/jobs' + query, { signal, maxPages: 5 });
      setChildren(list, jobs.length ? table([
        [t('job.id'), j => el('a', { href: `#/job/${encodeURIComponent(j.id)}`, text: j.id })],
        [t('job.state'), j => stateBadge(j.state)],
        [t('job.progress'), j => (isFinal(j.state) ? '' : progressBar(j.progress))],
        [t('job.instrument'), j => j.instrument ?? j.instrumentKind],
        [t('job.method'), j => j.method],
        [t('job.sample'), j => j.sampleId ?? '—'],
        [t('job.updatedAt'), j => formatDateTime(j.updatedAt)],
      ], jobs, j => ({ dataset: { job: j.id, state: j.state } })) : el('p', {}, t('jobs.none'), ' ', el('a', { href: '#/request', text: t('nav.request') })));
    } catch (error) {
      if (!signal.aborted) {
        list.replaceChildren(problemBox(error));
      }
    }
  });
}
