// Compare: runs side by side, charts overlaid on time since start, per-endpoint deltas
// against the first (baseline) run.
import { h, clear, num, ms, pct, dateTime, duration } from '../dom.js';
import { getJson, reason } from '../api.js';
import { TimeChart, palette } from '../charts.js';
import { historyPage } from './history.js';

// Which way is better, per metric: +1 higher is better, -1 lower is better.
const METRICS = [
  { key: 'rps', label: 'RPS', format: v => num(v, 1), better: 1 },
  { key: 'failRatio', label: 'Fail %', format: pct, better: -1 },
  { key: 'p50', label: 'Median', format: ms, better: -1 },
  { key: 'p95', label: '95%ile', format: ms, better: -1 },
  { key: 'p99', label: '99%ile', format: ms, better: -1 },
  { key: 'avg', label: 'Average', format: ms, better: -1 },
];

function delta(value, base, better) {
  if (value == null || base == null || base === 0) return null;
  const change = (value - base) * 100 / base;
  if (Math.abs(change) < 0.05) return h('span', { class: 'delta muted' }, '±0%');
  const good = Math.sign(change) === better;
  return h('span', { class: 'delta ' + (good ? 'better' : 'worse') }, (change > 0 ? '+' : '') + num(change, 1) + '%');
}

const withRatio = f => f && { ...f, failRatio: f.requests ? f.failures / f.requests : 0 };

export function comparePage(view, query) {
  const ids = (query.get('ids') || '').split(',').filter(Boolean);
  if (ids.length < 2) {
    const cleanup = historyPage(view);
    view.prepend(h('div', { class: 'panel muted' }, 'Pick two or more runs below, then press "Compare selected".'));
    return cleanup;
  }
  const charts = [];
  clear(view).append(h('section', { class: 'panel' }, h('h1', {}, 'Comparing ' + ids.length + ' runs'), h('div', { class: 'muted' }, 'Loading…')));
  getJson('api/compare?ids=' + ids.map(encodeURIComponent).join(',')).then(result => {
    if (!result.ok) {
      clear(view).append(h('section', { class: 'panel' }, h('h1', {}, 'Compare'),
        h('div', { class: 'banner-error' }, reason(result)), h('a', { href: '#/history' }, 'Back to history')));
      return;
    }
    const { runs, endpoints } = result.body;
    const color = i => palette(i);
    const swatch = i => h('span', { class: 'swatch', style: `background:${color(i)}` });
    const label = (run, i) => `${i === 0 ? 'baseline ' : ''}${run.summary.id}`;

    const summaryRows = runs.map((run, i) => {
      const s = run.summary, t = { ...s.totals, avg: s.totals.avg };
      const base = runs[0].summary.totals;
      return h('tr', {},
        h('td', { class: 'text' }, swatch(i), h('a', { href: '#/runs/' + encodeURIComponent(s.id) }, s.id), i === 0 ? h('span', { class: 'muted' }, ' (baseline)') : null),
        h('td', { class: 'text' }, s.scenario), h('td', {}, dateTime(s.startedAt)), h('td', {}, num(s.parameters?.users)),
        h('td', {}, duration(s.endedAt - s.startedAt)), h('td', {}, num(t.requests)),
        METRICS.map(m => h('td', {}, m.format(t[m.key]), i ? delta(t[m.key], base[m.key], m.better) : null)));
    });
    const summary = h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'compare-summary' },
      h('thead', {}, h('tr', {}, h('th', { class: 'text' }, 'Run'), h('th', { class: 'text' }, 'Scenario'), h('th', {}, 'Started'),
        h('th', {}, 'Users'), h('th', {}, 'Duration'), h('th', {}, 'Requests'), METRICS.map(m => h('th', {}, m.label)))),
      h('tbody', {}, summaryRows)));

    const overlay = (title, pick, unit = '', integer = false) => {
      const chart = new TimeChart(title, runs.map((run, i) => ({ label: label(run, i), color: color(i), colorVar: '--c' + ((i % 8) + 1) })),
        { time: false, unit, integer });
      // uPlot wants one shared x: every second since start seen in any run.
      const rows = runs.map(run => {
        const start = run.summary.startedAt;
        return new Map(run.series.map(p => [Math.round((p.t - start) / 1000), pick(p)]));
      });
      const xs = [...new Set(rows.flatMap(r => [...r.keys()]))].sort((a, b) => a - b);
      chart.pending = [xs, rows.map(r => xs.map(x => r.has(x) ? r.get(x) : null))];
      charts.push(chart);
      return chart;
    };
    const chartGrid = h('div', { class: 'grid-charts' },
      overlay('Requests per second', p => p.rps).el, overlay('95th percentile', p => p.p95, ' ms').el,
      overlay('99th percentile', p => p.p99, ' ms').el, overlay('Users', p => p.users, '', true).el);

    const endpointRows = endpoints.flatMap(endpoint => {
      const base = withRatio(endpoint.figures[0]);
      return endpoint.figures.map((raw, i) => {
        const f = withRatio(raw);
        const total = endpoint.name === 'Aggregated' && !endpoint.method;
        return h('tr', { class: total ? 'total' : null, dataset: { endpoint: (endpoint.method || '') + ' ' + endpoint.name } },
          i === 0 ? h('td', { class: 'name', rowspan: endpoint.figures.length }, endpoint.method ? endpoint.method + ' ' : '', endpoint.name) : null,
          h('td', { class: 'text' }, swatch(i), runs[i].summary.id),
          f ? [h('td', {}, num(f.requests)), METRICS.map(m => h('td', {}, m.format(f[m.key]), i ? delta(f[m.key], base?.[m.key], m.better) : null))]
            : h('td', { class: 'muted', colspan: METRICS.length + 1 }, 'not called in this run'));
      });
    });
    const endpointTable = h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'compare-endpoints' },
      h('thead', {}, h('tr', {}, h('th', { class: 'text' }, 'Endpoint'), h('th', { class: 'text' }, 'Run'), h('th', {}, 'Requests'),
        METRICS.map(m => h('th', {}, m.label)))),
      h('tbody', {}, endpointRows)));

    clear(view).append(
      h('section', { class: 'panel' }, h('h1', {}, `Comparing ${runs.length} runs`),
        h('p', { class: 'muted' }, 'Deltas are against the baseline (first run); green is better, red is worse. Charts are aligned on time since start.'),
        summary),
      chartGrid,
      h('section', { class: 'panel', style: 'margin-top:14px' }, h('h2', {}, 'Per endpoint'), endpointTable));
    charts.forEach(c => c.setData(...c.pending));
  });
  return () => charts.forEach(c => c.destroy());
}
