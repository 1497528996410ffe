// Who is signed in. The token lives in sessionStorage: for this tab only, gone when it closes.
const TokenKey = 'smartlab.token';
let me = null;

export function token() {
  return sessionStorage.getItem(TokenKey);
}

export function setToken(value) {
  sessionStorage.setItem(TokenKey, value.trim());
  me = null;
}

export function signOut() {
  sessionStorage.removeItem(TokenKey);
  for (const key of Object.keys(sessionStorage)) {
    if (key.startsWith('smartlab.lease.')) {
      sessionStorage.removeItem(key);
    }
  }

  me = null;
}

export function account() {
  return me;
}

export function setAccount(value) {
  me = value;
}

/** Staff and admins review jobs, receive samples and operate instruments. */
export function isStaff() {
  return me?.role === 'staff' || me?.role === 'admin';
}

export function isAdmin() {
  return me?.role === 'admin';
}

/** The control lease this tab holds on an instrument (its id is needed as X-Lease-Id on every command). */
export function leaseOf(instrument) {
  return sessionStorage.getItem('smartlab.lease.' + instrument);
}

export function rememberLease(instrument, leaseId) {
  if (leaseId) {
    sessionStorage.setItem('smartlab.lease.' + instrument, leaseId);
  } else {
    sessionStorage.removeItem('smartlab.lease.' + instrument);
  }
}
