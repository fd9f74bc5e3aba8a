// One Server-Sent Events connection for the whole page: the coordinator pushes the stats
// document, new series points and worker rows once a second; pages subscribe to it.
const listeners = new Set();
let source = null;
let last = null;
let series = [];
let runId = null;

export function subscribe(listener) {
  listeners.add(listener);
  if (last) listener(last, series);
  return () => listeners.delete(listener);
}

export const current = () => last;
export const currentSeries = () => series;

export function connect(onConnectionChange) {
  if (source) return;
  source = new EventSource('api/stream');
  source.addEventListener('open', () => onConnectionChange(true));
  source.addEventListener('error', () => onConnectionChange(false));
  source.addEventListener('live', event => {
    const message = JSON.parse(event.data);
    if (message.reset || message.runId !== runId) series = [];
    runId = message.runId;
    // The requested rate is not in the stored series: the live feed's value is kept on the points it brings.
    const requested = message.stats?.requested_rate;
    const points = (message.points || []).map(p => (requested > 0 && !message.reset ? { ...p, requestedRate: requested } : p));
    series = series.concat(points);
    last = message;
    for (const listener of listeners) {
      try { listener(message, series); } catch (e) { console.error(e); }
    }
  });
}
