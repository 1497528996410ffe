// The live page of the hub: one card per instrument, refreshed every second from GET /api/v1/instruments.
//
// Every string on a card comes from the API, and much of it from instrument agents (profile version, unusable reason,
// agent name, telemetry values), the least trusted part of the system. So the DOM is built with createElement and
// textContent only, never by parsing HTML, and the page works under Content-Security-Policy: default-src 'self'
// (no inline script or style, no eval).
'use strict';

(() => {
  const TokenKey = 'smartlab.token';
  const RefreshMilliseconds = 1000;
  const PageSize = 1000;
  const MaxPages = 20;

  // Status names the stylesheet colours; anything else gets the neutral look.
  const KnownStatuses = new Set(['idle', 'busy', 'error', 'maintenance', 'local', 'offline', 'unusable']);

  const login = document.getElementById('login');
  const tokenInput = document.getElementById('token');
  const errorLine = document.getElementById('error');
  const grid = document.getElementById('instruments');

  // The token lives for this tab only: sessionStorage is gone when the tab closes. Earlier versions of the page kept
  // it in localStorage, so clear that copy.
  localStorage.removeItem(TokenKey);

  // A link such as /#token=... (the demo prints one) signs the tab in; the fragment is then dropped from the address
  // bar and the history so the token is not left on screen or in bookmarks.
  const fragmentToken = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fragmentToken) {
    sessionStorage.setItem(TokenKey, fragmentToken.trim());
    history.replaceState(null, '', location.pathname + location.search);
  }

  let token = sessionStorage.getItem(TokenKey);
  let timer = null;

  login.addEventListener('submit', event => {
    event.preventDefault();
    const entered = tokenInput.value.trim();
    tokenInput.value = '';
    if (!entered) {
      return;
    }

    token = entered;
    sessionStorage.setItem(TokenKey, token);
    schedule(0);
  });

  function showLogin(message) {
    login.hidden = false;
    errorLine.textContent = message;
    grid.replaceChildren();
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }

    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }

    return node;
  }

  function formatValue(value) {
    if (typeof value !== 'number') {
      return String(value);
    }

    const magnitude = Math.abs(value);
    return magnitude >= 1e4 || (magnitude < 1e-2 && value !== 0) ? value.toExponential(3) : value.toFixed(2);
  }

  function card(instrument) {
    const section = element('section', 'card');
    section.dataset.instrument = String(instrument.id);

    const status = String(instrument.status ?? 'unknown');
    const heading = element('h2');
    heading.append(
      element('span', 'name', instrument.displayName ?? instrument.id),
      element('span', KnownStatuses.has(status) ? 'status ' + status : 'status', status));
    section.append(heading);

    const meta = [instrument.id, `${instrument.profile}@${instrument.profileVersion ?? '?'}`, `session ${instrument.session}`];
    if (instrument.agent) {
      meta.push(instrument.agent);
    }

    section.append(element('div', 'meta', meta.join(' · ')));
    if (instrument.unusableReason) {
      section.append(element('p', 'meta reason', instrument.unusableReason));
    }

    const table = element('table');
    for (const [channel, value] of Object.entries(instrument.lastTelemetry?.values ?? {})) {
      const row = element('tr');
      row.append(element('td', null, channel), element('td', 'v', formatValue(value)));
      table.append(row);
    }

    section.append(table);
    const counters = instrument.counters ?? {};
    section.append(element('div', 'meta',
      `telemetry ${counters.telemetryAccepted ?? 0} · rejected ${counters.telemetryRejected ?? 0} · `
      + `measurements ${counters.measurementsStored ?? 0}`));
    return section;
  }

  // Reads the whole list. The hub answers a bare array (older hubs) or pages ({"items": [...], "nextCursor": ...}),
  // which are followed to the end.
  async function readInstruments() {
    const instruments = [];
    let cursor = null;
    for (let page = 0; page < MaxPages; page++) {
      const query = new URLSearchParams({ limit: String(PageSize) });
      if (cursor) {
        query.set('cursor', cursor);
      }

      let response;
      try {
        response = await fetch('/api/v1/instruments?' + query, { headers: { Authorization: 'Bearer ' + token }, cache: 'no-store' });
      } catch (error) {
        // Also thrown for a token with characters an HTTP header cannot carry.
        return { problem: 'The hub could not be asked: ' + error.message };
      }

      if (response.status === 401) {
        return { refused: true };
      }

      if (!response.ok) {
        return { problem: `The hub answered ${response.status} ${response.statusText}.` };
      }

      const body = await response.json();
      if (Array.isArray(body)) {
        return { instruments: body };
      }

      instruments.push(...(body?.items ?? []));
      cursor = body?.nextCursor;
      if (!cursor) {
        break;
      }
    }

    return { instruments };
  }

  async function refresh() {
    if (!token) {
      login.hidden = false;
      return;
    }

    const result = await readInstruments();
    if (result.refused) {
      // Forget a refused token rather than sending it again every second.
      token = null;
      sessionStorage.removeItem(TokenKey);
      showLogin('Token refused: sign in again.');
      return;
    }

    if (result.problem) {
      errorLine.textContent = result.problem;
      return;
    }

    login.hidden = true;
    errorLine.textContent = '';
    grid.replaceChildren(...result.instruments.map(card));
  }

  // One request at a time: the next refresh is planned only when the previous one has finished.
  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        await refresh();
      } catch (error) {
        errorLine.textContent = 'The instrument list could not be read: ' + error.message;
      }

      schedule(RefreshMilliseconds);
    }, delay);
  }

  schedule(0);
})();
