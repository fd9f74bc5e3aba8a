import uPlot from '../webjars/uplot/dist/uPlot.esm.js';
import { h } from './dom.js';

const css = name => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
export const palette = i => css('--c' + ((i % 8) + 1));

const charts = new Set();
// A theme switch changes the CSS variables; uPlot paints on canvas, so charts are rebuilt.
document.addEventListener('themechange', () => charts.forEach(chart => chart.rebuild()));

function elapsedLabel(seconds) {
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  return m + ':' + String(s % 60).padStart(2, '0');
}

/**
 * A line chart over time. x is epoch seconds (time: true) or seconds since start (time: false).
 * series: [{label, color (CSS value), unit, dash}]
 */
export class TimeChart {
  constructor(title, series, { time = true, height = 220, unit = '', integer = false } = {}) {
    this.integer = integer;
    this.series = series;
    this.time = time;
    this.height = height;
    this.unit = unit;
    this.data = [[], ...series.map(() => [])];
    this.plotEl = h('div', { class: 'chart' });
    this.note = h('div', { class: 'chart-note' }, 'Waiting for data…');
    this.el = h('div', { class: 'chart-box', dataset: { chart: title } }, h('h3', {}, title), this.note, this.plotEl);
    charts.add(this);
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(this.plotEl);
  }

  options(width) {
    const grid = { stroke: css('--grid'), width: 1 };
    const axis = { stroke: css('--muted'), grid, ticks: grid };
    const unit = this.unit;
    return {
      width, height: this.height,
      cursor: { drag: { x: true, y: false } },
      scales: { x: { time: this.time } },
      legend: { live: true },
      axes: [
        this.time ? axis : { ...axis, values: (u, ticks) => ticks.map(elapsedLabel) },
        { ...axis, size: 72, values: (u, ticks) => ticks.map(v => v.toLocaleString('en-US') + unit),
          // Counts (users) get whole-number ticks only.
          incrs: this.integer ? [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000] : undefined },
      ],
      series: [
        this.time ? {} : { label: 'elapsed', value: (u, v) => v == null ? '–' : elapsedLabel(v) },
        ...this.series.map(s => ({
          label: s.label, stroke: s.color, width: 2, dash: s.dash,
          points: { show: false },
          value: (u, v) => v == null ? '–' : (Math.round(v * 100) / 100).toLocaleString('en-US') + unit,
        })),
      ],
    };
  }

  build() {
    const width = this.plotEl.clientWidth;
    if (!width) return;
    this.plot = new uPlot(this.options(width), this.data, this.plotEl);
  }

  rebuild() {
    this.plot?.destroy();
    this.plot = null;
    if (this.series.some(s => s.colorVar)) this.series.forEach(s => { if (s.colorVar) s.color = css(s.colorVar); });
    this.build();
  }

  resize() {
    const width = this.plotEl.clientWidth;
    if (!width) return;
    if (!this.plot) this.build();
    else if (Math.abs(this.plot.width - width) > 1) this.plot.setSize({ width, height: this.height });
  }

  /** xs: numbers; columns: one array per series, same length as xs. */
  setData(xs, columns) {
    this.data = [xs, ...columns];
    this.note.hidden = xs.length > 0;
    if (this.plot) this.plot.setData(this.data);
    else this.build();
  }

  destroy() {
    this.resizeObserver.disconnect();
    this.plot?.destroy();
    charts.delete(this);
  }
}

/** Series defined by CSS colour variables, so a theme change recolours them. */
export function themed(label, colorVar, extra = {}) {
  return { label, colorVar, color: css(colorVar), ...extra };
}

const TIME_SERIES = () => [themed('p50', '--c3'), themed('p95', '--c6'), themed('p99', '--c4')];

/**
 * The charts of a run (live or stored), fed with series points. An open-model run (points with
 * an achieved rate) adds an iterations/s chart: achieved, and requested where the live feed
 * gave it. corrected: the response-time chart draws the times measured from each iteration's
 * intended start (cumulative since the start: the per-second ones are not kept) instead of each
 * second's service times.
 */
export class RunCharts {
  constructor() {
    this.corrected = false;
    this.rps = new TimeChart('Requests per second', [themed('RPS', '--c1'), themed('Failures/s', '--danger')]);
    this.times = new TimeChart('Response times', TIME_SERIES(), { unit: ' ms' });
    this.correctedTimes = new TimeChart('Response times from intended start (corrected, since start)', TIME_SERIES(),
      { unit: ' ms' });
    this.correctedTimes.el.hidden = true;
    this.rate = new TimeChart('Iterations per second', [themed('Achieved', '--c2'), themed('Requested', '--c7', { dash: [6, 4] })]);
    this.rate.el.hidden = true;
    this.users = new TimeChart('Users', [themed('Users', '--c5')], { integer: true });
    this.el = h('div', { class: 'grid-charts' }, this.rps.el, this.times.el, this.correctedTimes.el, this.rate.el,
      this.users.el);
    this.points = [];
  }

  setCorrected(corrected) {
    this.corrected = corrected;
    this.times.el.hidden = corrected;
    this.correctedTimes.el.hidden = !corrected;
    this.update(this.points);
  }

  update(points) {
    this.points = points;
    const xs = points.map(p => p.t / 1000);
    this.rps.setData(xs, [points.map(p => p.rps), points.map(p => p.failPerSec)]);
    if (this.corrected) {
      this.correctedTimes.setData(xs, [points.map(p => p.cp50), points.map(p => p.cp95), points.map(p => p.cp99)]);
    } else {
      this.times.setData(xs, [points.map(p => p.p50), points.map(p => p.p95), points.map(p => p.p99)]);
    }
    const open = points.some(p => p.achievedRate != null);
    this.rate.el.hidden = !open;
    if (open) this.rate.setData(xs, [points.map(p => p.achievedRate), points.map(p => p.requestedRate ?? null)]);
    this.users.setData(xs, [points.map(p => p.users)]);
  }

  destroy() {
    [this.rps, this.times, this.correctedTimes, this.rate, this.users].forEach(c => c.destroy());
  }
}

/**
 * Points of y against x, one series per group (e.g. achieved rate against a metric's max, one
 * colour per suite). groups: [{label, points: [[x, y], ...]}]
 */
export class ScatterChart {
  constructor(title, { height = 300, xLabel = '', yLabel = '' } = {}) {
    this.height = height;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.groups = [];
    this.plotEl = h('div', { class: 'chart' });
    this.note = h('div', { class: 'chart-note' }, 'Nothing to plot');
    this.titleEl = h('h3', {}, title);
    this.el = h('div', { class: 'chart-box', dataset: { chart: title } }, this.titleEl, this.note, this.plotEl);
    charts.add(this);
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(this.plotEl);
  }

  setTitle(title, xLabel, yLabel) {
    this.titleEl.textContent = title;
    this.el.dataset.chart = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /** uPlot wants one ascending x for all series: every group's x, a null where a group has no point. */
  data() {
    const xs = [...new Set(this.groups.flatMap(g => g.points.map(p => p[0])))].sort((a, b) => a - b);
    return [xs, ...this.groups.map(g => {
      const byX = new Map(g.points.map(p => [p[0], p[1]]));
      return xs.map(x => byX.has(x) ? byX.get(x) : null);
    })];
  }

  options(width) {
    const grid = { stroke: css('--grid'), width: 1 };
    const axis = { stroke: css('--muted'), grid, ticks: grid };
    const fmt = v => v == null ? '–' : (Math.round(v * 100) / 100).toLocaleString('en-US');
    return {
      width, height: this.height,
      scales: { x: { time: false } },
      legend: { live: true },
      axes: [{ ...axis, label: this.xLabel }, { ...axis, size: 80, label: this.yLabel }],
      series: [
        { label: this.xLabel || 'x', value: (u, v) => fmt(v) },
        ...this.groups.map((g, i) => ({ label: g.label, stroke: palette(i), fill: palette(i), paths: () => null,
          points: { show: true, size: 9, fill: palette(i) }, value: (u, v) => fmt(v) })),
      ],
    };
  }

  build() {
    const width = this.plotEl.clientWidth;
    if (!width || !this.groups.length) return;
    this.plot = new uPlot(this.options(width), this.data(), this.plotEl);
  }

  rebuild() {
    this.plot?.destroy();
    this.plot = null;
    this.build();
  }

  resize() {
    const width = this.plotEl.clientWidth;
    if (!width) return;
    if (!this.plot) this.build();
    else if (Math.abs(this.plot.width - width) > 1) this.plot.setSize({ width, height: this.height });
  }

  setGroups(groups) {
    this.groups = groups.filter(g => g.points.length);
    this.note.hidden = this.groups.length > 0;
    this.rebuild();
  }

  destroy() {
    this.resizeObserver.disconnect();
    this.plot?.destroy();
    charts.delete(this);
  }
}
