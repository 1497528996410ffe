// Talking to the hub's JSON API with the signed-in token as a Bearer header. Problems (RFC 9457) become ApiError with
// the hub's status, code, detail and field, which pages show as they are.
import { token } from './session.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem?.code ?? null;
    this.field = problem?.field ?? null;
    this.problem = problem ?? null;
  }
}

/** Called on any 401: the token was refused (revoked, or the hub's data was reset). */
let onUnauthorized = () => {};
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

function headers(extra) {
  const result = { ...extra };
  const current = token();
  if (current) {
    result.Authorization = 'Bearer ' + current;
  }

  return result;
}

async function problemOf(response) {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return await response.json();
    } catch {
      return null;
    }
  }

  return { detail: `${response.status} ${response.statusText}` };
}

/** GET/POST/PUT/DELETE with a JSON body; answers the parsed JSON (or null when empty), throws ApiError otherwise. */
export async function api(path, { method = 'GET', body, headers: extra, signal } = {}) {
  const init = { method, headers: headers(extra), signal, cache: 'no-store' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }

  const response = await fetch(path, init);
  if (response.status === 401) {
    onUnauthorized();
  }

  if (!response.ok) {
    throw new ApiError(response.status, await problemOf(response));
  }

  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** Every item of a paged list (follows nextCursor; stops after `maxPages`). */
export async function listAll(path, { signal, maxPages = 10 } = {}) {
  const items = [];
  let cursor = null;
  for (let page = 0; page < maxPages; page++) {
    const separator = path.includes('?') ? '&' : '?';
    const body = await api(path + (cursor ? `${separator}cursor=${encodeURIComponent(cursor)}` : ''), { signal });
    if (Array.isArray(body)) {
      return body;
    }

    items.push(...(body?.items ?? []));
    cursor = body?.nextCursor;
    if (!cursor) {
      break;
    }
  }

  return items;
}

/** Fetches a file with the bearer header and answers it as a Blob (with the hub's file name, if it sent one). */
export async function fetchBlob(path, { signal } = {}) {
  const response = await fetch(path, { headers: headers(), signal, cache: 'no-store' });
  if (response.status === 401) {
    onUnauthorized();
  }

  if (!response.ok) {
    throw new ApiError(response.status, await problemOf(response));
  }

  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1] ?? match[2]) : null;
  return { blob: await response.blob(), name, type: response.headers.get('content-type') };
}

/**
 * Downloads a file that needs the bearer header: fetch, then save the Blob through a temporary object URL (a plain
 * link cannot carry the header).
 */
export async function download(path, fallbackName) {
  const { blob, name } = await fetchBlob(path);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name || fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { name: link.download, size: blob.size, type: blob.type };
}

/**
 * Reads Server-Sent Events with fetch (EventSource cannot send the bearer header) and calls onEvent(name, data) for
 * each. Reconnects after a dropped connection unless `signal` is aborted or the server ended the stream on purpose
 * (then `ended` resolves true).
 */
export async function readEvents(path, onEvent, { signal, reconnect = true } = {}) {
  while (!signal?.aborted) {
    try {
      const response = await fetch(path, { headers: headers({ Accept: 'text/event-stream' }), signal, cache: 'no-store' });
      if (response.status === 401) {
        onUnauthorized();
      }

      if (!response.ok) {
        throw new ApiError(response.status, await problemOf(response));
      }

      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }

        buffer += value.replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          const data = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) {
              event = line.slice(6).trim();
            } else if (line.startsWith('data:')) {
              data.push(line.slice(5).replace(/^ /, ''));
            }
          }

          if (data.length) {
            let parsed;
            try {
              parsed = JSON.parse(data.join('\n'));
            } catch {
              parsed = data.join('\n');
            }

            onEvent(event, parsed);
          }
        }
      }

      if (!reconnect) {
        return true;
      }
    } catch (error) {
      if (signal?.aborted) {
        return false;
      }

      if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
        throw error;
      }
    }

    // A dropped stream is picked up again after a pause; the page's own data stays on screen meanwhile.
    await new Promise(resolve => setTimeout(resolve, 2000));
  }

  return false;
}

/** A fresh Idempotency-Key: a double click or a retried request creates one job, not two. */
export function idempotencyKey() {
  // randomUUID exists only in secure contexts; a hub reached over plain http on the LAN is not one.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}
