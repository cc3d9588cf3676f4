// Every call the console makes to the gateway: the bearer token from sessionStorage, JSON in and out, and errors as
// ApiError carrying the problem document (status, title, detail, errors[{field, reason}], violations).

const TOKEN = 'kefu.console.token';

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

export const token = {
  get: () => sessionStorage.getItem(TOKEN),
  set: value => sessionStorage.setItem(TOKEN, value),
  clear: () => sessionStorage.removeItem(TOKEN),
};

let onUnauthorized = () => {};
export function whenUnauthorized(fn) {
  onUnauthorized = fn;
}

export async function call(method, path, body, { auth = true, headers = {} } = {}) {
  // A call that hangs is reported after 20 s, never left spinning (the stream has its own reader).
  const init = { method, headers: { Accept: 'application/json', ...headers }, signal: AbortSignal.timeout(20000) };
  if (auth && token.get()) init.headers.Authorization = `Bearer ${token.get()}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, { detail: e.name === 'TimeoutError' ? 'timeout (20 s)' : String(e.message || e) });
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = { detail: text.slice(0, 200) };
  }
  if (!response.ok) {
    if (response.status === 401 && auth) onUnauthorized();
    throw new ApiError(response.status, json);
  }
  return { json, headers: response.headers };
}

export const get = (path, opts) => call('GET', path, undefined, opts).then(r => r.json);
export const post = (path, body, opts) => call('POST', path, body, opts).then(r => r.json);
export const put = (path, body) => call('PUT', path, body).then(r => r.json);
export const patch = (path, body) => call('PATCH', path, body).then(r => r.json);

export const enc = encodeURIComponent;

/** Whether the gateway mints dev tokens (local security mode): an empty request is a 400 there, a 404 elsewhere. */
export async function devTokensAvailable() {
  try {
    await call('POST', '/auth/dev-token', {}, { auth: false });
    return true;
  } catch (e) {
    return e.status === 400;
  }
}

export async function devToken(shopId, agentId, roles) {
  return (await post('/auth/dev-token', { shopId, agentId, roles }, { auth: false })).token;
}
