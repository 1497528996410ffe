// The hub's web pages: a small hash router over page modules. Each page renders into <main> and stops its streams and
// timers when the AbortSignal it was given fires (when another page is opened).
import { el, setChildren } from './dom.js';
import { t, setLanguage, initialLanguage, currentLanguage, Languages } from './i18n.js';
import { api, whenUnauthorized } from './api.js';
import * as session from './session.js';
import { problemBox } from './ui.js';
import * as signin from './pages/signin.js';
import * as board from './pages/board.js';
import * as instrument from './pages/instrument.js';
import * as queue from './pages/queue.js';
import * as request from './pages/request.js';
import * as samples from './pages/samples.js';
import * as jobs from './pages/jobs.js';
import * as job from './pages/job.js';
import * as loops from './pages/loops.js';

const routes = [
  { pattern: /^\/?$/, page: board, nav: 'board' },
  { pattern: /^\/signin$/, page: signin, public: true },
  { pattern: /^\/instrument\/([^/]+)$/, page: instrument, nav: 'board' },
  { pattern: /^\/queue$/, page: queue, nav: 'queue', staff: true },
  { pattern: /^\/request$/, page: request, nav: 'request' },
  { pattern: /^\/samples$/, page: samples, nav: 'samples' },
  { pattern: /^\/jobs$/, page: jobs, nav: 'jobs' },
  { pattern: /^\/job\/([^/]+)$/, page: job, nav: 'jobs' },
  { pattern: /^\/loops$/, page: loops, nav: 'loops' },
];

// Users never see staff links; staff pages also check the role and show the API's 403 if it still refuses.
const navItems = [
  { id: 'board', href: '#/' },
  { id: 'request', href: '#/request' },
  { id: 'samples', href: '#/samples' },
  { id: 'jobs', href: '#/jobs' },
  { id: 'loops', href: '#/loops' },
  { id: 'queue', href: '#/queue', staff: true },
];

const view = document.getElementById('view');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const languageSelect = document.getElementById('lang');
const signOutButton = document.getElementById('signout');
let leave = null;

function header(active) {
  document.title = t('app.title');
  document.getElementById('brand').textContent = t('app.brand');
  signOutButton.textContent = t('nav.signOut');
  languageSelect.setAttribute('aria-label', t('nav.language'));
  const me = session.account();
  signOutButton.hidden = !me;
  who.textContent = me ? t('nav.signedInAs', { id: me.id, role: t('role.' + me.role) }) : '';
  setChildren(nav, me ? navItems.filter(item => !item.staff || session.isStaff()).map(item =>
    el('a', { href: item.href, text: t('nav.' + item.id), id: 'nav-' + item.id, className: item.id === active ? 'active' : '', attrs: { 'aria-current': item.id === active ? 'page' : null } })) : []);
}

async function ensureAccount() {
  if (session.account() || !session.token()) {
    return session.account();
  }

  try {
    session.setAccount(await api('/api/v1/me'));
  } catch {
    session.signOut();
  }

  return session.account();
}

async function route() {
  leave?.abort();
  leave = new AbortController();
  const path = location.hash.replace(/^#/, '') || '/';
  const match = routes.map(r => ({ r, m: r.pattern.exec(path) })).find(x => x.m);
  if (!match) {
    location.hash = '#/';
    return;
  }

  const me = await ensureAccount();
  if (!match.r.public && !me) {
    sessionStorage.setItem('smartlab.after', location.hash);
    location.hash = '#/signin';
    return;
  }

  header(match.r.nav);
  view.replaceChildren();
  view.dataset.page = match.r.nav ?? 'signin';
  if (match.r.staff && !session.isStaff()) {
    view.append(problemBox(Object.assign(new Error(t('problem.staffOnly')), { status: 403 }), 'page'));
    view.append(el('p', { className: 'staff-only', text: t('problem.staffOnly') }));
    return;
  }

  try {
    await match.r.page.render(view, { params: match.m.slice(1).map(decodeURIComponent), signal: leave.signal, rerender: route, afterSignIn });
  } catch (error) {
    if (!leave.signal.aborted) {
      view.append(problemBox(error, 'page'));
    }
  }
}

/** After sign-in: back to the page that sent the visitor to sign in, or the board. */
function afterSignIn() {
  const target = sessionStorage.getItem('smartlab.after');
  sessionStorage.removeItem('smartlab.after');
  location.hash = target && target !== '#/signin' ? target : '#/';
  if (location.hash === (target || '#/')) {
    route();
  }
}

async function start() {
  // A link such as /#token=... (the demo's log prints one) signs the tab in; the token is then dropped from the
  // address bar and the history.
  const fragmentToken = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fragmentToken) {
    session.setToken(fragmentToken);
    history.replaceState(null, '', location.pathname + location.search + '#/');
  }

  await setLanguage(initialLanguage());
  setChildren(languageSelect, Languages.map(lang => el('option', { value: lang, text: lang === 'ja' ? '日本語' : 'English' })));
  languageSelect.value = currentLanguage();
  languageSelect.addEventListener('change', async () => {
    await setLanguage(languageSelect.value);
    route();
  });
  signOutButton.addEventListener('click', () => {
    session.signOut();
    location.hash = '#/signin';
    route();
  });
  whenUnauthorized(() => {
    if (session.token()) {
      session.signOut();
      sessionStorage.setItem('smartlab.signin.message', 'signin.refused');
      location.hash = '#/signin';
    }
  });
  window.addEventListener('hashchange', route);
  await route();
  document.body.dataset.ready = 'true';
}

start();
