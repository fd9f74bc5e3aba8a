import { h, clear } from './dom.js';

/**
 * A table whose columns sort on click and keep their order across live updates.
 * columns: [{key, label, value(row) -> sortable, render(row) -> node|string, text: bool}]
 * options: {pinLast(row) -> bool (kept at the bottom, e.g. Aggregated), rowClass(row), empty}
 */
export class SortableTable {
  constructor(columns, options = {}) {
    this.columns = columns;
    this.options = options;
    this.sortKey = options.sortKey || null;
    this.sortDir = options.sortDir || 1;
    this.rows = [];
    this.thead = h('thead');
    this.tbody = h('tbody');
    this.table = h('table', { class: 'data' },
      options.caption ? h('caption', {}, options.caption) : null, this.thead, this.tbody);
    this.el = h('div', { class: 'table-wrap' }, this.table);
    this.renderHead();
  }

  renderHead() {
    clear(this.thead).append(h('tr', {}, this.columns.map(column => {
      const sorted = column.key === this.sortKey;
      return h('th', {
        class: [column.text ? 'text' : '', column.sortable === false ? '' : 'sortable',
          sorted ? (this.sortDir > 0 ? 'sorted-asc' : 'sorted-desc') : ''].join(' ').trim(),
        title: column.title || null,
        dataset: { key: column.key },
        onclick: column.sortable === false ? null : () => this.sortBy(column.key),
      }, column.label);
    })));
  }

  sortBy(key) {
    if (this.sortKey === key) this.sortDir = -this.sortDir;
    else { this.sortKey = key; this.sortDir = this.columns.find(c => c.key === key)?.text ? 1 : -1; }
    this.renderHead();
    this.renderBody();
  }

  update(rows) {
    this.rows = rows;
    this.renderBody();
  }

  renderBody() {
    const pinLast = this.options.pinLast || (() => false);
    let body = this.rows.filter(r => !pinLast(r));
    const pinned = this.rows.filter(pinLast);
    const column = this.columns.find(c => c.key === this.sortKey);
    if (column) {
      const value = column.value || (row => row[column.key]);
      body = [...body].sort((a, b) => {
        const x = value(a), y = value(b);
        if (x === y) return 0;
        if (x === null || x === undefined) return 1;
        if (y === null || y === undefined) return -1;
        return (typeof x === 'string' ? x.localeCompare(y) : x - y) * this.sortDir;
      });
    }
    clear(this.tbody);
    const all = [...body, ...pinned];
    if (!all.length) {
      this.tbody.append(h('tr', {}, h('td', { colspan: this.columns.length, class: 'empty' }, this.options.empty || 'Nothing yet')));
      return;
    }
    for (const row of all) {
      this.tbody.append(h('tr', { class: this.options.rowClass ? this.options.rowClass(row) : null },
        this.columns.map(c => {
          const content = c.render ? c.render(row) : (c.value ? c.value(row) : row[c.key]);
          return h('td', { class: [c.text ? 'text' : '', c.cellClass ? c.cellClass(row) : ''].join(' ').trim() || null }, content);
        })));
    }
  }
}
