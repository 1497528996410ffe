// Pieces every page uses: problem boxes, state badges, progress bars, notices.
import { el } from './dom.js';
import { t, tOptional } from './i18n.js';
import { ApiError } from './api.js';

const FinalStates = new Set(['succeeded', 'delivered', 'failed', 'aborted', 'rejected', 'cancelled']);

export function isFinal(state) {
  return FinalStates.has(state);
}

/** A job state as a coloured badge with its translated name. */
export function stateBadge(state) {
  return el('span', { className: `badge state-${state}`, text: tOptional('state.' + state) ?? state, dataset: { state } });
}

/** An instrument status (idle, busy, offline...) as a badge. */
export function statusBadge(instrument) {
  const status = instrument.online === false ? 'offline' : (instrument.status ?? 'unknown');
  return el('span', { className: `badge status-${status}`, text: tOptional('status.' + status) ?? status, dataset: { status } });
}

export function progressBar(progress) {
  const value = typeof progress === 'number' ? Math.max(0, Math.min(1, progress)) : 0;
  return el('span', { className: 'progress', attrs: { role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': Math.round(value * 100) } },
    el('progress', { max: 1, value }),
    el('span', { className: 'progress-text', text: `${Math.round(value * 100)} %` }));
}

/**
 * The hub's refusal as the hub said it: its sentence, its code and the field at fault. A 404 reads as "not found or
 * not yours" (the API does not tell which), a 403 as "for staff only".
 */
export function problemBox(error, context) {
  if (!(error instanceof ApiError)) {
    return el('div', { className: 'problem', attrs: { role: 'alert' } }, el('strong', { text: t('problem.network') }), ' ', String(error?.message ?? error));
  }

  const heading = error.status === 404 && context === 'page' ? t('problem.notFound')
    : error.status === 403 ? t('problem.forbidden')
    : t('problem.refused', { status: error.status });
  return el('div', { className: 'problem', attrs: { role: 'alert' }, dataset: { status: error.status, code: error.code ?? '' } },
    el('strong', { text: heading }),
    el('p', { className: 'problem-detail', text: error.message }),
    error.code || error.field
      ? el('p', { className: 'meta' }, error.code ? `${t('problem.code')}: ${error.code}` : '', error.field ? ` · ${t('problem.field')}: ${error.field}` : '')
      : null);
}

export function notice(text, kind = 'info') {
  return el('p', { className: `notice notice-${kind}`, attrs: { role: kind === 'error' ? 'alert' : 'status' }, text });
}

export function pageHeading(text, ...extra) {
  return el('div', { className: 'page-heading' }, el('h1', { text }), ...extra);
}

export function section(title, ...children) {
  return el('section', { className: 'panel' }, el('h2', { text: title }), ...children);
}

/** Runs an action from a button: disables it meanwhile, shows the hub's refusal in `outlet`, returns the result or null. */
export async function act(button, outlet, action) {
  button.disabled = true;
  outlet?.replaceChildren();
  try {
    return await action();
  } catch (error) {
    outlet?.replaceChildren(problemBox(error));
    return null;
  } finally {
    button.disabled = false;
  }
}

/** A small repeating refresh that stops when the page is left. */
export function every(milliseconds, signal, work) {
  let timer = null;
  const run = async () => {
    if (signal.aborted) {
      return;
    }

    try {
      await work();
    } catch (error) {
      if (!signal.aborted) {
        console.warn(error);
      }
    }

    if (!signal.aborted) {
      timer = setTimeout(run, milliseconds);
    }
  };
  signal.addEventListener('abort', () => clearTimeout(timer));
  return run();
}
