// Tables shared by the live run and a stored run: both read Locust's stats document.
import { h, num, ms, bytes, percentile, dateTime } from './dom.js';
import { SortableTable } from './table.js';

const isTotal = row => row.name === 'Aggregated' && !row.method;

/**
 * corrected(): true to show the percentiles measured from each iteration's intended start
 * (coordinated omission corrected) instead of the service times; call update() after a switch.
 */
export function statsTable({ corrected = () => false } = {}) {
  const p = q => ({ key: 'p' + q, label: (q * 100).toString() + '%ile', title: (q * 100) + 'th percentile (ms)',
    value: r => percentile(r, q, corrected()), render: r => ms(percentile(r, q, corrected())) });
  return new SortableTable([
    { key: 'method', label: 'Type', text: true, value: r => r.method || '' },
    { key: 'name', label: 'Name', text: true, cellClass: () => 'name' },
    { key: 'num_requests', label: '# Requests', render: r => num(r.num_requests) },
    { key: 'num_failures', label: '# Fails', render: r => num(r.num_failures), cellClass: r => r.num_failures ? 'fail' : '' },
    { key: 'median_response_time', label: 'Median', title: 'median (ms)',
      value: r => corrected() ? percentile(r, 0.5, true) : r.median_response_time,
      render: r => ms(corrected() ? percentile(r, 0.5, true) : r.median_response_time) },
    p(0.9), p(0.95), p(0.99), p(0.999),
    { key: 'avg_response_time', label: 'Average', title: 'average (ms)', render: r => ms(r.avg_response_time) },
    { key: 'min_response_time', label: 'Min', title: 'ms', render: r => ms(r.min_response_time) },
    { key: 'max_response_time', label: 'Max', title: 'ms', render: r => ms(r.max_response_time) },
    { key: 'avg_content_length', label: 'Avg size', render: r => bytes(r.avg_content_length) },
    { key: 'current_rps', label: 'Current RPS', render: r => num(r.current_rps, 1) },
    { key: 'current_fail_per_sec', label: 'Failures/s', render: r => num(r.current_fail_per_sec, 1),
      cellClass: r => r.current_fail_per_sec ? 'fail' : '' },
  ], { pinLast: isTotal, rowClass: r => isTotal(r) ? 'total' : null, empty: 'No requests yet',
    caption: 'Response times in milliseconds; click a column to sort.' });
}

export function failuresTable() {
  return new SortableTable([
    { key: 'occurrences', label: '# Failures', render: r => num(r.occurrences) },
    { key: 'method', label: 'Method', text: true },
    { key: 'name', label: 'Name', text: true, cellClass: () => 'name' },
    { key: 'error', label: 'Message', text: true, cellClass: () => 'name' },
    { key: 'last_seen', label: 'Last seen', render: r => r.last_seen ? dateTime(r.last_seen * 1000) : '–' },
  ], { sortKey: 'occurrences', sortDir: -1, empty: 'No failures' });
}

export function exceptionsTable() {
  return new SortableTable([
    { key: 'count', label: 'Count', render: r => num(r.count) },
    { key: 'msg', label: 'Message', text: true, cellClass: () => 'name',
      render: r => h('div', {}, r.msg, r.traceback ? h('pre', { class: 'traceback' }, r.traceback) : null) },
    { key: 'nodes', label: 'Workers', text: true, value: r => Array.isArray(r.nodes) ? r.nodes.join(', ') : (r.nodes || '') },
  ], { sortKey: 'count', sortDir: -1, empty: 'No exceptions' });
}

/** Tab strip; show(name) switches, counts(name, n) labels. */
export class Tabs {
  constructor(tabs, onChange) {
    this.panels = {};
    this.buttons = {};
    this.onChange = onChange;
    this.nav = h('div', { class: 'tabs', role: 'tablist' });
    this.body = h('div');
    for (const [name, label, panel] of tabs) {
      this.buttons[name] = h('button', { type: 'button', role: 'tab', dataset: { tab: name }, onclick: () => this.show(name) },
        label, h('span', { class: 'count', hidden: true }));
      this.panels[name] = h('div', { class: 'tab-panel', dataset: { panel: name }, hidden: true }, panel);
      this.nav.append(this.buttons[name]);
      this.body.append(this.panels[name]);
    }
    this.el = h('div', {}, this.nav, this.body);
    this.show(tabs[0][0]);
  }

  show(name) {
    this.active = name;
    for (const key of Object.keys(this.panels)) {
      this.panels[key].hidden = key !== name;
      this.buttons[key].classList.toggle('active', key === name);
    }
    this.onChange?.(name);
  }

  count(name, n) {
    const badge = this.buttons[name].querySelector('.count');
    badge.hidden = !n;
    badge.textContent = n;
  }
}
