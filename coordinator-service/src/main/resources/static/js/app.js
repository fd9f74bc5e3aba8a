// Stampede UI entry: hash router, theme, the header's live figures.
import { num, pct } from './dom.js';
import * as live from './live.js';
import { runPage } from './pages/run.js';
import { historyPage } from './pages/history.js';
import { detailPage } from './pages/detail.js';
import { comparePage } from './pages/compare.js';
import { experimentsPage } from './pages/experiments.js';

const view = document.getElementById('view');
let cleanup = null;

function route() {
  cleanup?.();
  const [path, queryString] = (location.hash.slice(1) || '/').split('?');
  const query = new URLSearchParams(queryString || '');
  const parts = path.split('/').filter(Boolean);
  let active = 'run';
  if (parts[0] === 'history') { active = 'history'; cleanup = historyPage(view); }
  else if (parts[0] === 'runs' && parts[1]) { active = 'history'; cleanup = detailPage(view, decodeURIComponent(parts[1])); }
  else if (parts[0] === 'compare') { active = 'compare'; cleanup = comparePage(view, query); }
  else if (parts[0] === 'experiments') { active = 'experiments'; cleanup = experimentsPage(view); }
  else cleanup = runPage(view);
  document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('active', a.dataset.route === active));
  document.title = 'Stampede · ' + active[0].toUpperCase() + active.slice(1);
}

document.getElementById('theme-toggle').addEventListener('click', () => {
  const theme = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset.theme = theme;
  localStorage.setItem('stampede.theme', theme);
  document.dispatchEvent(new Event('themechange'));
});

const text = (id, value) => { document.getElementById(id).textContent = value; };
live.subscribe(message => {
  const doc = message.stats || {};
  const state = document.getElementById('kpi-state');
  state.textContent = doc.state || 'ready';
  state.className = 'state state-' + (doc.state || 'ready');
  text('kpi-users', num(doc.user_count));
  // Current rates only mean something while users run; a stopped run shows its totals in the tables.
  const active = ['spawning', 'running'].includes(doc.state);
  text('kpi-rps', num(active ? (doc.current_rps ?? doc.total_rps) : 0, 1));
  text('kpi-fps', num(active ? (doc.current_fail_per_sec ?? doc.total_fail_per_sec) : 0, 1));
  text('kpi-ratio', pct(doc.fail_ratio || 0));
  text('kpi-workers', num(doc.worker_count));
  // The open model: what was asked for against what the generator achieved, and what it dropped.
  const open = doc.requested_rate > 0 || doc.iterations_started > 0;
  document.getElementById('kpi-rate-box').hidden = !open;
  document.getElementById('kpi-dropped-box').hidden = !open;
  text('kpi-rate', `${num(doc.achieved_rate, 1)} / ${num(doc.requested_rate, 1)}`);
  text('kpi-dropped', num(doc.dropped_iterations));
  document.getElementById('kpi-dropped').classList.toggle('fail', doc.dropped_iterations > 0);
  // The generator, not the target, limits the run: say so where it cannot be missed.
  const warnings = doc.generator_warnings || [];
  const banner = document.getElementById('generator-warnings');
  banner.hidden = !warnings.length;
  banner.replaceChildren(...warnings.map(w => Object.assign(document.createElement('div'), { textContent: '⚠ ' + w })));
  // A run whose setup failed stops before any user starts: say why, not just "stopped".
  const runError = document.getElementById('run-error');
  runError.hidden = !doc.run_error;
  runError.textContent = doc.run_error ? `The run stopped before its users started: ${doc.run_error}` : '';
});
live.connect(up => { document.getElementById('connection').hidden = up; });

window.addEventListener('hashchange', route);
route();
