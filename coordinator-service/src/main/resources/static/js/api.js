// JSON over fetch; every call resolves to {ok, status, body} so pages can show the server's reason.
async function call(method, url, body, headers = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers } };
  if (body !== undefined) init.body = body;
  let response;
  try {
    response = await fetch(url, init);
  } catch (e) {
    return { ok: false, status: 0, body: { message: 'cannot reach the coordinator: ' + e.message } };
  }
  const text = await response.text();
  let parsed = text;
  try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON: keep text */ }
  return { ok: response.ok, status: response.status, body: parsed };
}

export const getJson = url => call('GET', url);
export const del = url => call('DELETE', url);
export const postJson = (url, value) => call('POST', url, JSON.stringify(value), { 'Content-Type': 'application/json' });
export const postForm = (url, fields) => call('POST', url, new URLSearchParams(fields),
  { 'Content-Type': 'application/x-www-form-urlencoded' });

/** The message of a failed call, as the server worded it. */
export function reason(result) {
  const body = result.body;
  if (body && typeof body === 'object') return body.message || body.error || JSON.stringify(body);
  return body || ('HTTP ' + result.status);
}
