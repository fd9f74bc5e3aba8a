// The Run page: start form while idle, controls while a run is active, live charts and tables.
import { h, clear, num, bytes } from '../dom.js';
import { getJson, postJson, postForm, reason } from '../api.js';
import * as live from '../live.js';
import { RunCharts } from '../charts.js';
import { SortableTable } from '../table.js';
import { statsTable, failuresTable, exceptionsTable, Tabs } from '../views.js';

const PASTE = '__paste__';
const FIELD_OF = { user_count: 'users', spawn_rate: 'spawnRate', host: 'host', run_time: 'runTime',
  scenario_id: 'scenario', scenario_yaml: 'scenario', scenario: 'scenario',
  rate: 'rate', stages: 'rate', duration: 'rateDuration', max_in_flight: 'maxInFlight', max_queue: 'maxInFlight',
  arrivals: 'arrivals' };
const LATENCY_KEY = 'stampede.latency';
const saved = JSON.parse(localStorage.getItem('stampede.form') || '{}');

export function runPage(view) {
  const cleanups = [];
  const form = startForm();
  const bar = runBar();
  const charts = new RunCharts();
  let corrected = localStorage.getItem(LATENCY_KEY) === 'corrected';
  const stats = statsTable({ corrected: () => corrected });
  const latency = latencySwitch(corrected, value => {
    corrected = value;
    localStorage.setItem(LATENCY_KEY, value ? 'corrected' : 'service');
    charts.setCorrected(value);
    stats.renderBody();
  });
  charts.setCorrected(corrected);
  const failures = failuresTable();
  const exceptions = exceptionsTable();
  const workers = workersTable();
  let exceptionTimer = null;
  const loadExceptions = async () => {
    const result = await getJson('exceptions');
    if (result.ok) exceptions.update(result.body?.exceptions || []);
  };
  const tabs = new Tabs([
    ['charts', 'Charts', charts.el],
    ['stats', 'Statistics', stats.el],
    ['failures', 'Failures', failures.el],
    ['exceptions', 'Exceptions', exceptions.el],
    ['workers', 'Workers', workers.el],
  ], name => {
    clearInterval(exceptionTimer);
    // Exceptions are rare and not in the live document: fetched while their tab is open.
    if (name === 'exceptions') { loadExceptions(); exceptionTimer = setInterval(loadExceptions, 5000); }
  });
  cleanups.push(() => clearInterval(exceptionTimer));
  const heading = h('h2', { class: 'last-run', hidden: true }, 'Last run');

  clear(view).append(form.el, bar.el, h('section', { class: 'panel' }, h('div', { class: 'row panel-head' }, heading,
    h('div', { class: 'spacer' }), latency.el), tabs.el));

  cleanups.push(live.subscribe((message, series) => {
    const doc = message.stats || {};
    const active = ['spawning', 'running', 'stopping'].includes(doc.state);
    form.el.hidden = active;
    bar.el.hidden = !active;
    bar.update(message);
    heading.hidden = active || !message.runId;
    heading.textContent = message.runId ? `Last run ${message.runId} — ${message.scenario || ''}` : '';
    charts.update(series);
    stats.update(doc.stats || []);
    failures.update(doc.errors || []);
    tabs.count('failures', (doc.errors || []).length);
    workers.update(message.workers || []);
    // Counted as worker_count is: missing workers are listed (greyed) but not connected.
    tabs.count('workers', (message.workers || []).filter(w => w.state !== 'missing').length);
  }));
  return () => { cleanups.forEach(c => c()); charts.destroy(); };
}

/** Service time (from the moment a request was sent) or from the iteration's intended start (corrected). */
function latencySwitch(corrected, onChange) {
  const button = (value, label, title) => h('button', { type: 'button', role: 'radio', title,
    id: value ? 'latency-corrected' : 'latency-service', onclick: () => { select(value); onChange(value); } }, label);
  const service = button(false, 'Service time', 'Response times from the moment each request was sent');
  const fromStart = button(true, 'From intended start (corrected)',
    'Response times from when each iteration was due: includes the time it waited for a slot or the generator');
  const select = value => {
    service.setAttribute('aria-checked', String(!value));
    fromStart.setAttribute('aria-checked', String(value));
    service.classList.toggle('active', !value);
    fromStart.classList.toggle('active', value);
  };
  select(corrected);
  return { el: h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': 'Latency' },
    h('span', { class: 'muted' }, 'Latency'), service, fromStart) };
}

function field(label, input, hint) {
  const error = h('div', { class: 'field-error', dataset: { errorFor: input.name } });
  return { el: h('label', { class: 'field' }, h('span', {}, label, hint ? h('span', { class: 'hint' }, ' ', hint) : null), input, error), error };
}

function startForm() {
  const model = h('select', { name: 'model', id: 'model' },
    h('option', { value: 'users' }, 'Users (closed model)'), h('option', { value: 'rate' }, 'Arrival rate (open model)'));
  model.value = saved.model === 'rate' ? 'rate' : 'users';
  const rate = h('input', { name: 'rate', type: 'text', placeholder: 'e.g. 50 or 500/s', value: saved.rate ?? '' });
  const rateDuration = h('input', { name: 'rateDuration', type: 'text', placeholder: 'e.g. 30s, 5m', value: saved.rateDuration ?? '' });
  const maxInFlight = h('input', { name: 'maxInFlight', type: 'number', min: 1, step: 1, placeholder: '10000',
    value: saved.maxInFlight ?? '' });
  const arrivals = h('select', { name: 'arrivals' }, h('option', { value: 'even' }, 'Evenly spaced'),
    h('option', { value: 'poisson' }, 'Poisson (random)'));
  arrivals.value = saved.arrivals === 'poisson' ? 'poisson' : 'even';
  const users = h('input', { name: 'users', type: 'number', min: 1, step: 1, required: true, value: saved.users ?? 10 });
  const spawnRate = h('input', { name: 'spawnRate', type: 'number', min: 0.1, step: 'any', required: true, value: saved.spawnRate ?? 2 });
  const host = h('input', { name: 'host', type: 'text', placeholder: 'http://127.0.0.1:8080', value: saved.host ?? '' });
  const runTime = h('input', { name: 'runTime', type: 'text', placeholder: 'e.g. 30s, 5m, 1h30m', value: saved.runTime ?? '' });
  const scenario = h('select', { name: 'scenario' });
  const yaml = h('textarea', { name: 'scenarioYaml', spellcheck: 'false',
    placeholder: 'name: my-test\nusers:\n  - name: visitor\n    tasks:\n      - name: home\n        steps:\n          - http: {method: GET, path: /}' });
  const upload = h('input', { type: 'file', accept: '.yaml,.yml,text/yaml', name: 'scenarioFile' });
  const validation = h('div', { class: 'validation' });
  const fields = {
    model: field('Workload model', model),
    rate: field('Rate', rate, 'iterations/s'),
    rateDuration: field('Rate duration', rateDuration, 'optional'),
    maxInFlight: field('Max in flight', maxInFlight, 'optional cap'),
    arrivals: field('Arrivals', arrivals),
    users: field('Users', users, 'peak concurrency'),
    spawnRate: field('Spawn rate', spawnRate, 'users/s'),
    host: field('Host', host, 'overrides the scenario\'s'),
    runTime: field('Run time', runTime, 'optional'),
    scenario: field('Scenario', scenario),
  };
  const pasteBox = h('div', { class: 'wide paste', hidden: true },
    h('div', { class: 'row' }, h('label', { class: 'field' }, h('span', {}, 'Upload a YAML file ', h('span', { class: 'hint' }, 'or paste it below')), upload)),
    yaml, validation);
  const banner = h('div', { class: 'banner-error', hidden: true });
  const submit = h('button', { class: 'btn primary', type: 'submit', id: 'start-button' }, 'Start');
  const scenarioInfo = h('span', { class: 'muted scenario-info' });
  const el = h('section', { class: 'panel', id: 'start-panel' },
    h('h1', {}, 'Start a new load test'), banner,
    h('form', { class: 'start', novalidate: true, onsubmit: e => { e.preventDefault(); start(); } },
      h('div', { class: 'wide' }, fields.model.el),
      fields.users.el, fields.spawnRate.el,
      fields.rate.el, fields.rateDuration.el, fields.maxInFlight.el, fields.arrivals.el,
      fields.host.el, fields.runTime.el,
      h('div', { class: 'wide' }, fields.scenario.el, scenarioInfo),
      pasteBox,
      h('div', { class: 'wide row' }, submit)));

  // Each model shows its own fields; the other's stay as typed for a switch back.
  const closedFields = [fields.users, fields.spawnRate];
  const openFields = [fields.rate, fields.rateDuration, fields.maxInFlight, fields.arrivals];
  const onModelChange = () => {
    const open = model.value === 'rate';
    closedFields.forEach(f => { f.el.hidden = open; });
    openFields.forEach(f => { f.el.hidden = !open; });
  };
  model.addEventListener('change', onModelChange);
  onModelChange();

  let scenarios = [];
  let pastedValid = false;
  let validateTimer = null;

  getJson('api/scenarios').then(result => {
    scenarios = result.ok ? result.body : [];
    clear(scenario).append(...scenarios.map(s => h('option', { value: s.id }, s.name + (s.file ? ` (${s.file})` : ''))),
      h('option', { value: PASTE }, 'Paste or upload YAML…'));
    if (saved.scenario && [...scenario.options].some(o => o.value === saved.scenario)) scenario.value = saved.scenario;
    if (saved.scenario === PASTE && saved.yaml) yaml.value = saved.yaml;
    onScenarioChange();
  });

  function onScenarioChange() {
    const pasting = scenario.value === PASTE;
    pasteBox.hidden = !pasting;
    const chosen = scenarios.find(s => s.id === scenario.value);
    scenarioInfo.textContent = chosen ? [chosen.description, chosen.host ? 'host ' + chosen.host : null].filter(Boolean).join(' · ') : '';
    if (!host.value && chosen?.host) host.placeholder = chosen.host;
    if (pasting) validate();
    updateSubmit();
  }
  scenario.addEventListener('change', onScenarioChange);
  yaml.addEventListener('input', () => { clearTimeout(validateTimer); validateTimer = setTimeout(validate, 350); });
  upload.addEventListener('change', async () => {
    const file = upload.files[0];
    if (!file) return;
    yaml.value = await file.text();
    yaml.dataset.name = file.name;
    validate();
  });

  async function validate() {
    if (!yaml.value.trim()) {
      pastedValid = false;
      clear(validation).append(h('div', { class: 'muted' }, 'Paste a scenario or choose a file.'));
      updateSubmit();
      return;
    }
    const result = await postJson('api/scenarios/validate', { yaml: yaml.value, name: yaml.dataset.name || 'pasted.yaml' });
    const body = result.body || {};
    pastedValid = result.ok && body.valid;
    yaml.classList.toggle('invalid', !pastedValid);
    clear(validation);
    if (pastedValid) {
      validation.append(h('div', { class: 'ok-text' }, `✓ Valid scenario "${body.name}"` + (body.host ? ` (host ${body.host})` : '')));
      if (!host.value && body.host) host.placeholder = body.host;
    } else {
      validation.append(errorList(body.errors || [{ line: 0, column: 0, message: reason(result) }]));
    }
    updateSubmit();
  }

  function updateSubmit() {
    submit.disabled = scenario.value === PASTE && !pastedValid;
  }

  async function start() {
    Object.values(fields).forEach(f => { f.error.textContent = ''; f.el.querySelector('input,select')?.classList.remove('invalid'); });
    banner.hidden = true;
    // Locust's /swarm field names, so the server's messages ("user_count: ...") name our fields.
    const request = {
      host: host.value.trim() || null,
      run_time: runTime.value.trim() || null,
    };
    if (model.value === 'rate') {
      // A duration makes it one held stage (the run then ends with it); without one the rate runs until stopped.
      const perSecond = rate.value.trim();
      const held = rateDuration.value.trim();
      if (!perSecond) {
        fields.rate.error.textContent = 'rate: required (iterations per second, e.g. 50)';
        rate.classList.add('invalid');
        return;
      }
      if (held) request.stages = `${perSecond}:${held}`;
      else request.rate = perSecond;
      if (maxInFlight.value) request.max_in_flight = maxInFlight.value;
      request.arrivals = arrivals.value;
    } else {
      request.user_count = users.value;
      request.spawn_rate = spawnRate.value;
    }
    if (scenario.value === PASTE) {
      request.scenario_yaml = yaml.value;
      request.scenario_name = yaml.dataset.name || 'pasted.yaml';
    } else {
      request.scenario_id = scenario.value;
    }
    localStorage.setItem('stampede.form', JSON.stringify({ model: model.value, rate: rate.value,
      rateDuration: rateDuration.value, maxInFlight: maxInFlight.value, arrivals: arrivals.value,
      users: users.value, spawnRate: spawnRate.value, host: host.value,
      runTime: runTime.value, scenario: scenario.value, yaml: scenario.value === PASTE ? yaml.value : undefined }));
    submit.disabled = true;
    const result = await postJson('api/runs', request);
    submit.disabled = false;
    if (result.ok) return;
    const body = result.body || {};
    const target = fields[FIELD_OF[String(body.message || '').split(':')[0]]];
    if (body.errors?.length && scenario.value === PASTE) {
      clear(validation).append(errorList(body.errors));
    } else if (target) {
      target.error.textContent = body.message;
      target.el.querySelector('input,select')?.classList.add('invalid');
      if (body.errors?.length) target.error.append(errorList(body.errors));
    } else {
      banner.textContent = 'Could not start: ' + reason(result);
      banner.hidden = false;
    }
  }
  return { el };
}

export function errorList(errors) {
  return h('ul', { class: 'errors' }, errors.map(e => h('li', {},
    e.line ? h('span', { class: 'loc' }, `line ${e.line}, col ${e.column}`) : null,
    e.message, e.hint ? h('span', { class: 'hint' }, 'hint: ' + e.hint) : null)));
}

function runBar() {
  const title = h('div', { class: 'title' });
  const detail = h('div', { class: 'muted' });
  const users = h('input', { name: 'editUsers', type: 'number', min: 1 });
  const rate = h('input', { name: 'editSpawnRate', type: 'number', min: 0.1, step: 'any' });
  const message = h('div', { class: 'field-error' });
  const stop = h('button', { class: 'btn danger', type: 'button', id: 'stop-button', onclick: async () => {
    stop.disabled = true;
    const result = await getJson('stop');
    if (!result.ok) message.textContent = reason(result);
  } }, 'Stop');
  const apply = h('button', { class: 'btn', type: 'submit', id: 'edit-button' }, 'Apply');
  const usersField = h('label', { class: 'field' }, h('span', {}, 'Users'), users);
  const rateField = h('label', { class: 'field' }, h('span', {}, 'Spawn rate'), rate);
  const el = h('section', { class: 'panel', id: 'run-panel', hidden: true },
    h('form', { class: 'run-bar', onsubmit: async e => {
      e.preventDefault();
      message.textContent = '';
      const result = await postForm('swarm', { user_count: users.value, spawn_rate: rate.value });
      message.textContent = result.ok ? '' : reason(result);
      editing = false;
    } },
      h('div', {}, title, detail),
      h('div', { class: 'spacer' }),
      usersField, rateField, apply, stop),
    message);
  let editing = false;
  let runId = null;
  [users, rate].forEach(input => input.addEventListener('input', () => { editing = true; }));
  return {
    el,
    update(message) {
      const doc = message.stats || {};
      const p = message.parameters || {};
      if (message.runId !== runId) { runId = message.runId; editing = false; stop.disabled = false; }
      title.textContent = `Run ${message.runId || ''} · ${message.scenario || 'default'}`;
      // An open-model run is steered by its rate, not by users: no users to edit.
      const open = doc.requested_rate > 0 || doc.iterations_started > 0;
      [usersField, rateField, apply].forEach(e => { e.hidden = open; });
      detail.textContent = [p.host, p.runTime ? 'run time ' + p.runTime : null,
        open ? `${num(doc.achieved_rate, 1)} of ${num(doc.requested_rate, 1)} iterations/s` : `${num(doc.user_count)} of ${num(p.users)} users`]
        .filter(Boolean).join(' · ');
      if (!editing && document.activeElement !== users && document.activeElement !== rate) {
        users.value = p.users ?? '';
        rate.value = p.spawnRate ?? '';
      }
      stop.disabled = doc.state === 'stopping';
    },
  };
}

function workersTable() {
  return new SortableTable([
    { key: 'id', label: 'Worker', text: true, cellClass: () => 'name' },
    { key: 'hostname', label: 'Host', text: true },
    { key: 'state', label: 'State', text: true, render: r => h('span', { class: 'state state-' + r.state }, r.state) },
    { key: 'userCount', label: 'Users', render: r => num(r.userCount) },
    { key: 'cpuUsage', label: 'CPU', render: r => num(r.cpuUsage, 1) + '%' },
    { key: 'memoryUsage', label: 'Memory', render: r => bytes(r.memoryUsage) },
    { key: 'heartbeatAgeMillis', label: 'Last heartbeat', render: r => num(r.heartbeatAgeMillis / 1000, 1) + ' s ago' },
  ], { sortKey: 'id', sortDir: 1, empty: 'No worker connected',
    // Dropped without a bye (crash, timeout): listed greyed, as Locust lists them, until they reconnect.
    rowClass: r => r.state === 'missing' ? 'missing' : null });
}


