// Tiny DOM builder: text always goes through text nodes, so names from scenarios can't inject HTML.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'value') el.value = value;
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export const num = (v, digits = 0) => (v === null || v === undefined || Number.isNaN(v)) ? '–'
  : Number(v).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Milliseconds, with decimals only where they matter. */
export const ms = v => (v === null || v === undefined) ? '–' : num(v, v < 10 ? 2 : v < 100 ? 1 : 0);

export const pct = v => (v === null || v === undefined) ? '–' : num(v * 100, v < 0.1 ? 2 : 1) + '%';

export function bytes(v) {
  if (!v) return '0 B';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return num(v, i ? 1 : 0) + ' ' + units[i];
}

export const dateTime = millis => millis ? new Date(millis).toLocaleString('sv-SE').slice(0, 19) : '–';

export function duration(millis) {
  let s = Math.round((millis || 0) / 1000);
  const hours = Math.floor(s / 3600); s -= hours * 3600;
  const minutes = Math.floor(s / 60); s -= minutes * 60;
  return (hours ? hours + 'h' : '') + (hours || minutes ? minutes + 'm' : '') + s + 's';
}

/**
 * Reads a Locust percentile key whatever the number's spelling (0.5 / 0.50); corrected: the one
 * measured from the intended start, falling back to Locust's where a document has none (older runs).
 */
export function percentile(row, q, corrected = false) {
  const key = 'response_time_percentile_';
  const raw = row[key + q] ?? row[key + q.toFixed(2)] ?? null;
  if (!corrected) return raw;
  return row['corrected_' + key + q] ?? row['corrected_' + key + q.toFixed(2)] ?? raw;
}
