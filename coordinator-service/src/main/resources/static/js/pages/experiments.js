// The Experiments page: start a suite (the harness's config.json or a suite YAML), follow it,
// stop it; the recorded runs grouped by suite (a capacity search's steps marked as such), the
// capacity searches with their found rate and knee chart, achieved rate against a captured
// metric, metric time series of selected runs overlaid, CSV export.
import { h, clear, num, ms, pct, dateTime, duration } from '../dom.js';
import { getJson, postJson, reason } from '../api.js';
import { ScatterChart, TimeChart, palette } from '../charts.js';
import { SortableTable } from '../table.js';

const MAX_OVERLAID = 8;
const SUITE_KEY = 'stampede.experiments.suite';

export function experimentsPage(view) {
  const cleanups = [];
  const start = startPanel(() => poll());
  const progress = progressPanel();
  const results = resultsPanel();
  cleanups.push(() => results.destroy());
  clear(view).append(progress.el, start.el, results.el);

  let wasActive = null;
  let recordedCount = 0;
  let timer = null;
  let closed = false;
  async function poll() {
    clearTimeout(timer);
    const result = await getJson('api/experiments/current');
    if (closed) return;
    if (result.ok) {
      const status = result.body;
      progress.update(status);
      start.el.hidden = status.active;
      // First visit, a suite that just finished, or a run just recorded: new rows to show.
      const recorded = status.recorded?.length ?? 0;
      if (wasActive === null || (wasActive && !status.active) || recorded !== recordedCount) results.load();
      recordedCount = recorded;
      wasActive = status.active;
    }
    timer = setTimeout(poll, 1000);
  }
  poll();
  cleanups.push(() => { closed = true; clearTimeout(timer); });
  return () => cleanups.forEach(c => c());
}

function startPanel(onStarted) {
  const text = h('textarea', { name: 'suite', id: 'suite-text', spellcheck: 'false',
    placeholder: '{"load_tests": [{"test_name": "qps-100", "url": "http://127.0.0.1:8080/", "qps": 100, "t": "30s", "c": 8}],\n "metrics": {"max_mem": "max(container_memory_working_set_bytes{pod=~\\"service-0.*\\"})"}}' });
  text.value = localStorage.getItem(SUITE_KEY) || '';
  const name = h('input', { name: 'suiteName', id: 'suite-name', type: 'text', placeholder: 'config.json or suite.yaml',
    value: localStorage.getItem(SUITE_KEY + '.name') || '' });
  const upload = h('input', { type: 'file', name: 'suiteFile', id: 'suite-file', accept: '.json,.yaml,.yml,application/json,text/yaml' });
  const errors = h('ul', { class: 'errors', id: 'suite-errors' });
  const banner = h('div', { class: 'banner-error', hidden: true });
  const button = h('button', { class: 'btn primary', type: 'button', id: 'experiment-start', onclick: submit }, 'Start suite');
  upload.addEventListener('change', async () => {
    const file = upload.files[0];
    if (!file) return;
    text.value = await file.text();
    name.value = file.name;
  });

  async function submit() {
    banner.hidden = true;
    clear(errors);
    localStorage.setItem(SUITE_KEY, text.value);
    localStorage.setItem(SUITE_KEY + '.name', name.value);
    button.disabled = true;
    const result = await postJson('api/experiments', { suite: text.value, name: name.value || null });
    button.disabled = false;
    if (result.ok) { onStarted(); return; }
    const list = result.body?.errors || [];
    if (list.length) {
      errors.append(...list.map(e => h('li', {}, h('span', { class: 'loc' }, `line ${e.line}:${e.column}`), `${e.key}: ${e.message}`)));
    } else {
      banner.textContent = reason(result);
      banner.hidden = false;
    }
  }

  return {
    el: h('section', { class: 'panel', id: 'experiment-start-panel' },
      h('h1', {}, 'Experiments'),
      h('p', { class: 'muted' }, 'A suite runs its tests one after another at fixed rates, captures its PromQL metrics over each run and records the results (docs/experiments.md). Paste the App Mesh harness\'s config.json as it is, or a suite YAML, or upload the file.'),
      h('label', { class: 'field' }, h('span', {}, 'Suite'), text),
      h('div', { class: 'row', style: 'margin-top:8px' },
        h('label', { class: 'field' }, h('span', {}, 'File name', h('span', { class: 'hint' }, ' decides JSON or YAML and names the suite')), name),
        h('label', { class: 'field' }, h('span', {}, 'Upload'), upload),
        h('span', { class: 'spacer' }), button),
      banner, errors),
  };
}

function progressPanel() {
  const title = h('div', { class: 'title', id: 'experiment-title' });
  const bar = h('progress', { id: 'experiment-bar', max: 1, value: 0, style: 'width:100%;height:14px' });
  const detail = h('div', { class: 'muted', id: 'experiment-detail' });
  const live = h('a', { href: '#/', id: 'experiment-live' }, 'Watch the run live');
  const stopButton = h('button', { class: 'btn danger', type: 'button', id: 'experiment-stop', onclick: stop }, 'Stop suite');
  const banner = h('div', { class: 'banner-error', hidden: true });
  // What the results store refused since the suite started: kept in the fallback directory.
  const storeBanner = h('div', { class: 'banner-error', id: 'experiment-store-failures', hidden: true });
  const log = h('pre', { class: 'traceback', id: 'experiment-log', style: 'max-height:160px;overflow:auto' });
  const el = h('section', { class: 'panel', id: 'experiment-progress', hidden: true },
    h('div', { class: 'row' }, title, h('span', { class: 'spacer' }), live, stopButton), bar, detail, banner, storeBanner, log);

  async function stop() {
    stopButton.disabled = true;
    const result = await postJson('api/experiments/stop', {});
    if (!result.ok) { banner.textContent = reason(result); banner.hidden = false; }
  }

  return {
    el,
    update(status) {
      el.hidden = !status.suite;
      if (!status.suite) return;
      const done = !status.active;
      title.textContent = `Suite ${status.suite}: ` + (done
        ? `${status.stopped ? 'stopped' : status.error ? 'failed' : 'finished'}, ${status.recorded.length} of ${status.runs} run(s) recorded`
        : `run ${status.run} of ${status.runs}` + (status.test_name ? ` — ${status.test_name}` : '') + ` (${status.phase.replace('_', ' ')})`);
      bar.max = Math.max(status.expected_seconds, 1);
      bar.value = done ? bar.max : Math.min(status.elapsed_seconds, bar.max);
      const run = status.run_elapsed_seconds != null && status.run_duration_seconds != null
        ? ` · this run ${duration(status.run_elapsed_seconds * 1000)} of ${duration(status.run_duration_seconds * 1000)}` : '';
      detail.textContent = `elapsed ${duration(status.elapsed_seconds * 1000)} of about ${duration(status.expected_seconds * 1000)}${run}`
        + ` · results in ${status.results}` + (status.topology && status.topology !== 'none' ? ` · topology ${status.topology}` : '')
        + (status.exit_code != null ? ` · exit code ${status.exit_code}` : '');
      live.hidden = done;
      stopButton.hidden = done;
      stopButton.disabled = false;
      banner.hidden = !status.error;
      banner.textContent = status.error || '';
      const failures = status.store_failures;
      storeBanner.hidden = !failures;
      clear(storeBanner);
      if (failures) {
        storeBanner.append(h('div', {}, failures.message),
          h('ul', {}, ...failures.failures.map(f => h('li', {}, h('code', {}, f)))),
          failures.count > failures.failures.length ? h('div', {}, `… and ${failures.count - failures.failures.length} more (each is in the log)`) : '');
      }
      log.textContent = (status.log || []).join('\n');
    },
  };
}

function resultsPanel() {
  const selected = new Set();
  const banner = h('div', { class: 'banner-error', hidden: true });
  const note = h('div', { class: 'muted', id: 'results-note' });
  const metricSelect = h('select', { id: 'metric-select', name: 'metric', onchange: () => draw() });
  const statSelect = h('select', { id: 'metric-stat', onchange: () => draw() },
    h('option', { value: 'max' }, 'max'), h('option', { value: 'mean' }, 'mean'));
  const scatter = new ScatterChart('Achieved rate against a metric', { xLabel: 'achieved it/s' });
  scatter.el.id = 'rate-scatter';
  const overlay = h('div', { id: 'overlay' });
  const tables = h('div', { id: 'results-tables' });
  const searches = h('div', { id: 'search-results' });
  let overlayChart = null;
  let listing = { runs: [], searches: [], unreadable: [] };

  const el = h('section', { class: 'panel', id: 'experiment-results' },
    h('div', { class: 'row' }, h('h2', {}, 'Recorded runs'), h('span', { class: 'spacer' }),
      h('a', { href: 'api/experiments/results.csv', id: 'results-csv', download: 'experiments.csv' }, 'Export CSV')),
    note, banner,
    h('div', { class: 'row', style: 'margin:8px 0' }, h('label', { class: 'field' }, h('span', {}, 'Metric'), metricSelect),
      h('label', { class: 'field' }, h('span', {}, 'Statistic'), statSelect)),
    h('div', { class: 'grid-charts' }, scatter.el, overlay),
    searches, tables);

  const metricNames = () => [...new Set(listing.runs.flatMap(r => Object.keys(r.metrics || {})))];
  const label = run => `${run.testName} ${run.timestamp}`;
  const fileUrl = (testName, timestamp, file) =>
    `api/experiments/results/${encodeURIComponent(testName)}/${encodeURIComponent(timestamp)}/${file}`;

  async function load() {
    const result = await getJson('api/experiments/results');
    if (!result.ok) { banner.textContent = reason(result); banner.hidden = false; return; }
    banner.hidden = true;
    listing = result.body;
    note.textContent = `${listing.runs.length} run(s)`
      + (listing.searches?.length ? `, ${listing.searches.length} capacity search(es)` : '') + ` in ${listing.location}`
      + (listing.omitted ? `; the ${listing.omitted} oldest not read (stampede.experiments.max-runs-listed)` : '')
      + (listing.unreadable.length ? `; ${listing.unreadable.length} unreadable: `
        + listing.unreadable.map(u => `${u.directory} (${u.error})`).join(', ') : '');
    const names = metricNames();
    const previous = metricSelect.value;
    clear(metricSelect).append(...names.map(n => h('option', { value: n }, n)));
    if (names.includes(previous)) metricSelect.value = previous;
    renderSearches();
    renderTables();
    draw();
  }

  // A capacity search: its found rate (the highest rate that met the SLO) and its knee chart; its steps are runs below.
  function renderSearches() {
    clear(searches);
    if (!listing.searches?.length) return;
    const table = new SortableTable([
      { key: 'testName', label: 'Search', text: true, render: s => h('code', {}, s.testName) },
      { key: 'suite', label: 'Suite', text: true },
      { key: 'startEpochMs', label: 'Started', text: true, render: s => dateTime(s.startEpochMs) },
      { key: 'outcome', label: 'Outcome', text: true },
      { key: 'sustainableRate', label: 'Found it/s', title: 'highest rate that met the SLO',
        render: s => s.sustainableRate == null ? '–' : num(s.sustainableRate, 1), cellClass: s => s.sustainableRate == null ? 'fail' : '' },
      { key: 'firstBreakingRate', label: 'Broke at it/s', render: s => s.firstBreakingRate == null ? '–' : num(s.firstBreakingRate, 1) },
      { key: 'minRate', label: 'Min rate', render: s => s.minRate == null ? '–' : `${num(s.minRate, 1)} ${s.minRateMet ? 'met' : 'NOT met'}`,
        cellClass: s => s.minRateMet === false ? 'fail' : '' },
      { key: 'steps', label: 'Steps', value: s => s.steps.length, render: s => num(s.steps.length) },
      { key: 'exitCode', label: 'Exit', cellClass: s => s.exitCode ? 'fail' : '' },
      { key: 'files', label: 'Files', sortable: false, render: s => h('span', { class: 'actions' },
        s.chart ? h('a', { href: fileUrl(s.testName, s.timestamp, 'search.svg'), target: '_blank', rel: 'noopener', class: 'search-chart' }, 'Chart') : '',
        h('a', { href: fileUrl(s.testName, s.timestamp, 'search.json'), target: '_blank', rel: 'noopener' }, 'JSON'),
        s.error ? h('span', { class: 'metric-error', title: s.error }, 'error') : '') },
    ], { sortKey: 'startEpochMs', sortDir: -1 });
    table.update(listing.searches);
    searches.append(h('h2', { style: 'margin-top:14px' }, 'Capacity searches'), table.el);
  }

  function renderTables() {
    clear(tables);
    const suites = new Map();
    for (const run of listing.runs) {
      if (!suites.has(run.suite)) suites.set(run.suite, []);
      suites.get(run.suite).push(run);
    }
    if (!suites.size) tables.append(h('div', { class: 'empty' }, 'No recorded run yet in this results location.'));
    for (const [suite, runs] of suites) {
      const metrics = [...new Set(runs.flatMap(r => Object.keys(r.metrics || {})))];
      const metricColumns = metrics.flatMap(m => ['max', 'mean'].map(stat => ({
        key: `${m}.${stat}`, label: `${m} ${stat}`, value: r => r.metrics?.[m]?.[stat] ?? null,
        render: r => {
          const f = r.metrics?.[m];
          if (!f) return '–';
          if (f.error) return h('span', { title: f.error, class: 'metric-error' }, 'error');
          return num(f[stat], f[stat] != null && Math.abs(f[stat]) < 100 ? 2 : 0);
        },
        cellClass: r => r.metrics?.[m]?.error ? 'fail' : '',
      })));
      const table = new SortableTable([
        { key: 'select', label: '', sortable: false, render: r => h('input', { type: 'checkbox', 'aria-label': 'overlay ' + label(r),
          dataset: { directory: r.directory }, checked: selected.has(r.directory), onchange: e => toggle(r.directory, e.target.checked) }) },
        { key: 'testName', label: 'Test', text: true, render: r => h('code', {}, r.testName) },
        { key: 'startEpochMs', label: 'Started', text: true, render: r => dateTime(r.startEpochMs) },
        { key: 'repeat', label: 'Repeat', title: 'repeat of a fixed-rate test, or step of a capacity search',
          render: r => r.kind === 'search_step'
            ? h('span', { class: 'search-step', title: `step ${r.searchStep} (${r.phase}) of search ${r.search}` + (r.meetsSlo === false ? ': broke the SLO' : '') },
              `step ${r.searchStep} ${(r.phase || '').toLowerCase()}`)
            : String(r.repeat),
          cellClass: r => r.kind === 'search_step' && r.meetsSlo === false ? 'fail' : '' },
        { key: 'requestedRate', label: 'Requested it/s', render: r => num(r.requestedRate, 1) },
        { key: 'achievedRate', label: 'Achieved it/s', render: r => num(r.achievedRate, 1),
          cellClass: r => r.requestedRate && r.achievedRate < r.requestedRate * 0.95 ? 'fail' : '' },
        { key: 'requests', label: 'Requests', render: r => num(r.requests) },
        { key: 'failRatio', label: 'Fails', render: r => pct(r.failRatio), cellClass: r => r.failures ? 'fail' : '' },
        { key: 'p50', label: 'p50', title: 'median service time (ms)', render: r => ms(r.p50) },
        { key: 'p99', label: 'p99', title: '99th percentile service time (ms)', render: r => ms(r.p99) },
        { key: 'correctedP50', label: 'p50 corr.', title: 'median from intended start (ms), coordinated omission corrected', render: r => ms(r.correctedP50) },
        { key: 'correctedP99', label: 'p99 corr.', title: '99th percentile from intended start (ms)', render: r => ms(r.correctedP99) },
        ...metricColumns,
        { key: 'files', label: 'Files', sortable: false, render: r => {
          return h('span', { class: 'actions' },
            h('a', { href: fileUrl(r.testName, r.timestamp, 'report.html'), target: '_blank', rel: 'noopener' }, 'Report'),
            h('a', { href: fileUrl(r.testName, r.timestamp, 'stats.csv?download=1'), download: `${r.testName}-${r.timestamp}-stats.csv` }, 'CSV'));
        } },
      ], { sortKey: 'startEpochMs', sortDir: -1, rowClass: r => r.stopped ? 'missing' : null });
      table.update(runs);
      tables.append(h('div', { class: 'suite-results', dataset: { suite } }, h('h2', { style: 'margin-top:14px' }, `Suite ${suite}`), table.el));
    }
  }

  function toggle(directory, on) {
    if (on && selected.size >= MAX_OVERLAID) {
      banner.textContent = `At most ${MAX_OVERLAID} runs can be overlaid`;
      banner.hidden = false;
      renderTables();
      return;
    }
    if (on) selected.add(directory); else selected.delete(directory);
    drawOverlay();
  }

  function draw() {
    const metric = metricSelect.value;
    const stat = statSelect.value;
    scatter.setTitle(metric ? `Achieved rate against ${metric} (${stat})` : 'Achieved rate against a metric',
      'achieved it/s', metric ? `${metric} ${stat}` : '');
    const suites = new Map();
    for (const run of listing.runs) {
      const value = run.metrics?.[metric]?.[stat];
      if (value == null) continue;
      if (!suites.has(run.suite)) suites.set(run.suite, []);
      suites.get(run.suite).push([run.achievedRate, value]);
    }
    scatter.setGroups([...suites].map(([suite, points]) => ({ label: suite, points })));
    drawOverlay();
  }

  async function drawOverlay() {
    const metric = metricSelect.value;
    overlayChart?.destroy();
    overlayChart = null;
    clear(overlay);
    const runs = listing.runs.filter(r => selected.has(r.directory) && r.metrics?.[metric] && !r.metrics[metric].error);
    if (!metric || !runs.length) {
      overlay.append(h('div', { class: 'chart-box' }, h('h3', {}, 'Metric over time'),
        h('div', { class: 'empty' }, 'Tick runs in the tables to overlay their ' + (metric || 'metric') + ' over time')));
      return;
    }
    const series = await Promise.all(runs.map(async run => {
      const result = await getJson(`api/experiments/results/${encodeURIComponent(run.testName)}/${encodeURIComponent(run.timestamp)}/metrics/${encodeURIComponent(metric)}`);
      const first = result.ok ? result.body?.data?.result?.[0] : null;
      const start = run.startEpochMs / 1000;
      return new Map((first?.values || []).map(([t, v]) => [Math.round(t - start), Number(v)]));
    }));
    if (metric !== metricSelect.value) return; // changed while loading
    const chart = new TimeChart(`${metric} over time (first series)`, runs.map((run, i) => ({ label: label(run), color: palette(i),
      colorVar: '--c' + ((i % 8) + 1) })), { time: false });
    const xs = [...new Set(series.flatMap(s => [...s.keys()]))].sort((a, b) => a - b);
    overlay.append(chart.el);
    chart.setData(xs, series.map(s => xs.map(x => s.has(x) && Number.isFinite(s.get(x)) ? s.get(x) : null)));
    overlayChart = chart;
  }

  return { el, load, destroy: () => { scatter.destroy(); overlayChart?.destroy(); } };
}
