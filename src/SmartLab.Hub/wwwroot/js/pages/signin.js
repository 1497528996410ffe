// Sign-in: paste a token, or (demo mode only) one click per demo account.
import { el, add } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import * as session from '../session.js';
import { problemBox, notice, pageHeading, section } from '../ui.js';

async function signIn(token, outlet, afterSignIn) {
  session.setToken(token);
  try {
    session.setAccount(await api('/api/v1/me'));
  } catch (error) {
    session.signOut();
    outlet.replaceChildren(problemBox(error));
    return;
  }

  afterSignIn();
}

export async function render(root, { afterSignIn }) {
  const outlet = el('div', { className: 'outlet' });
  const message = sessionStorage.getItem('smartlab.signin.message');
  sessionStorage.removeItem('smartlab.signin.message');
  const tokenInput = el('input', { id: 'signin-token', type: 'password', autocomplete: 'off', attrs: { 'aria-describedby': 'signin-token-hint' } });
  const form = el('form', { id: 'signin-form', className: 'stack', on: {
    submit: event => {
      event.preventDefault();
      const token = tokenInput.value.trim();
      tokenInput.value = '';
      if (token) {
        signIn(token, outlet, afterSignIn);
      }
    },
  } },
  el('label', { attrs: { for: 'signin-token' }, text: t('signin.token') }),
  tokenInput,
  el('p', { className: 'hint', id: 'signin-token-hint', text: t('signin.tokenHint') }),
  el('div', {}, el('button', { type: 'submit', className: 'primary', text: t('signin.submit') })));

  add(root, pageHeading(t('signin.title')),
    message ? notice(t(message), 'error') : null,
    el('p', { className: 'lead', text: t('signin.intro') }),
    section(t('signin.withToken'), form),
    outlet);

  // The demo hands out its accounts so that a newcomer needs no documentation; a production hub answers 404 here.
  let accounts;
  try {
    accounts = await api('/api/v1/demo/accounts');
  } catch {
    return;
  }

  const order = ['user', 'staff', 'admin', 'automation'];
  accounts.sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role) || a.id.localeCompare(b.id));
  root.insertBefore(section(t('signin.demo'),
    el('p', { className: 'hint', text: t('signin.demoHint') }),
    el('div', { className: 'demo-accounts' }, accounts.filter(a => a.role !== 'automation').map(a =>
      el('button', { type: 'button', className: 'demo-account', id: 'signin-as-' + a.id, dataset: { role: a.role },
        on: { click: () => signIn(a.token, outlet, afterSignIn) } },
      el('strong', { text: a.id }),
      el('span', { className: 'badge', text: t('role.' + a.role) }),
      el('span', { className: 'meta', text: t('signin.demoRole.' + a.role) }))))), root.children[2]);
}
