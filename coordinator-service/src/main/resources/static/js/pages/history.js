// The History page: every finished run, newest first; open, download, delete, pick to compare.
import { h, clear, num, ms, pct, dateTime, duration } from '../dom.js';
import { getJson, del, reason } from '../api.js';
import { SortableTable } from '../table.js';

export const MAX_COMPARED = 8;

export function downloads(id) {
  const base = `api/runs/${encodeURIComponent(id)}/`;
  return h('span', { class: 'actions' },
    h('a', { href: base + 'report.html', target: '_blank', rel: 'noopener' }, 'Report'),
    h('a', { href: base + 'report.html?download=1', download: `stampede-${id}-report.html` }, 'HTML'),
    h('a', { href: base + 'stats.csv?download=1', download: `stampede-${id}-stats.csv` }, 'CSV'),
    h('a', { href: base + 'stats.json?download=1', download: `stampede-${id}-stats.json` }, 'JSON'));
}

export function historyPage(view) {
  const selected = new Set();
  const banner = h('div', { class: 'banner-error', hidden: true });
  const compare = h('button', { class: 'btn primary', type: 'button', id: 'compare-button', disabled: true,
    onclick: () => { location.hash = '#/compare?ids=' + [...selected].map(encodeURIComponent).join(','); } }, 'Compare selected');
  const table = new SortableTable([
    { key: 'select', label: '', sortable: false, render: r => h('input', { type: 'checkbox', 'aria-label': 'select ' + r.id,
      dataset: { runId: r.id }, checked: selected.has(r.id), onchange: e => toggle(r.id, e.target.checked) }) },
    { key: 'startedAt', label: 'Started', text: true, render: r => h('a', { href: '#/runs/' + encodeURIComponent(r.id) }, dateTime(r.startedAt)) },
    // A run the coordinator could not finish (killed) is kept as of its last checkpoint: say so.
    { key: 'id', label: 'Run', text: true, render: r => h('span', {}, h('code', {}, r.id),
      r.status && r.status !== 'completed' ? h('span', { class: 'muted', dataset: { runStatus: r.status },
        title: r.status === 'interrupted' ? 'the coordinator stopped before the run ended: figures as of its last checkpoint' : 'still going on: figures as of its last checkpoint' },
      ' ' + r.status) : null) },
    { key: 'scenario', label: 'Scenario', text: true },
    { key: 'users', label: 'Users', value: r => r.parameters?.users, render: r => num(r.parameters?.users) },
    { key: 'duration', label: 'Duration', value: r => r.endedAt - r.startedAt, render: r => duration(r.endedAt - r.startedAt) },
    { key: 'requests', label: 'Requests', value: r => r.totals.requests, render: r => num(r.totals.requests) },
    { key: 'failRatio', label: 'Fails', value: r => r.totals.failRatio, render: r => pct(r.totals.failRatio),
      cellClass: r => r.totals.failures ? 'fail' : '' },
    { key: 'rps', label: 'RPS', value: r => r.totals.rps, render: r => num(r.totals.rps, 1) },
    { key: 'p50', label: 'Median', value: r => r.totals.p50, render: r => ms(r.totals.p50) },
    { key: 'p95', label: '95%ile', value: r => r.totals.p95, render: r => ms(r.totals.p95) },
    { key: 'p99', label: '99%ile', value: r => r.totals.p99, render: r => ms(r.totals.p99) },
    { key: 'files', label: 'Downloads', sortable: false, render: r => downloads(r.id) },
    { key: 'delete', label: '', sortable: false, render: r => h('button', { class: 'btn small', type: 'button',
      dataset: { deleteRun: r.id }, onclick: () => remove(r) }, 'Delete') },
  ], { sortKey: 'startedAt', sortDir: -1, empty: 'No finished run yet. Start one on the Run page; it appears here when it stops.' });

  clear(view).append(h('section', { class: 'panel' },
    h('div', { class: 'row' }, h('h1', {}, 'History'), h('span', { class: 'spacer' }),
      h('span', { class: 'muted' }, 'Select two or more runs to compare'), compare),
    banner, table.el));

  function toggle(id, on) {
    if (on) selected.add(id); else selected.delete(id);
    compare.disabled = selected.size < 2 || selected.size > MAX_COMPARED;
  }

  async function load() {
    const result = await getJson('api/runs');
    if (!result.ok) { banner.textContent = reason(result); banner.hidden = false; return; }
    table.update(result.body);
  }

  async function remove(run) {
    if (!confirm(`Delete run ${run.id} (${run.scenario}, ${dateTime(run.startedAt)})?`)) return;
    const result = await del('api/runs/' + encodeURIComponent(run.id));
    if (!result.ok) { banner.textContent = reason(result); banner.hidden = false; }
    selected.delete(run.id);
    toggle(run.id, false);
    load();
  }

  load();
  return () => {};
}
