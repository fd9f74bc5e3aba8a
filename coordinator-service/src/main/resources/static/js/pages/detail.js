// One stored run: parameters, totals, charts from its series, its tables and downloads.
import { h, clear, num, ms, pct, dateTime, duration } from '../dom.js';
import { getJson, del, reason } from '../api.js';
import { RunCharts } from '../charts.js';
import { statsTable, failuresTable, Tabs } from '../views.js';
import { downloads } from './history.js';

export function summaryList(entries) {
  return h('dl', { class: 'summary' }, entries.map(([label, value]) => h('div', {}, h('dt', {}, label), h('dd', {}, value))));
}

export function detailPage(view, id) {
  const charts = new RunCharts();
  const stats = statsTable();
  const failures = failuresTable();
  const tabs = new Tabs([['charts', 'Charts', charts.el], ['stats', 'Statistics', stats.el], ['failures', 'Failures', failures.el]]);
  const header = h('div');
  clear(view).append(h('section', { class: 'panel' }, header), h('section', { class: 'panel' }, tabs.el));

  getJson('api/runs/' + encodeURIComponent(id)).then(result => {
    if (!result.ok) {
      clear(header).append(h('h1', {}, 'Run ' + id), h('div', { class: 'banner-error' }, reason(result)),
        h('a', { href: '#/history' }, 'Back to history'));
      return;
    }
    const { summary: s, stats: doc, series } = result.body;
    const t = s.totals;
    const remove = h('button', { class: 'btn small', type: 'button', onclick: async () => {
      if (!confirm(`Delete run ${s.id}?`)) return;
      const r = await del('api/runs/' + encodeURIComponent(s.id));
      if (r.ok) location.hash = '#/history'; else alert(reason(r));
    } }, 'Delete');
    clear(header).append(
      h('div', { class: 'row' }, h('h1', {}, `Run ${s.id} · ${s.scenario}`), h('span', { class: 'spacer' }), downloads(s.id), remove),
      summaryList([
        ['Started', dateTime(s.startedAt)], ['Ended', dateTime(s.endedAt)], ['Duration', duration(s.endedAt - s.startedAt)],
        ['Users', num(s.parameters?.users)], ['Spawn rate', num(s.parameters?.spawnRate, 1) + '/s'],
        ['Host', s.parameters?.host || '–'], ['Requests', num(t.requests)], ['Failures', `${num(t.failures)} (${pct(t.failRatio)})`],
        ['RPS', num(t.rps, 1)], ['Median', ms(t.p50) + ' ms'], ['95%ile', ms(t.p95) + ' ms'], ['99%ile', ms(t.p99) + ' ms'],
      ]));
    charts.update(series || []);
    stats.update(doc?.stats || []);
    failures.update(doc?.errors || []);
    tabs.count('failures', (doc?.errors || []).length);
  });
  return () => charts.destroy();
}
