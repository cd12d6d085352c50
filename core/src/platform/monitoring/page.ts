import { TASK_STATES, TaskView } from '../tasks/types';
import { quarantineLines } from './quarantine-lines';
import { MonitoringSummary } from './summary';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const when = (iso: string | null | undefined) => (iso ? escapeHtml(iso.replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC')) : '—');

/**
 * The monitoring tab as one server-rendered page (no script: it works in any browser and reads the
 * same summary as `ledgersync tasks`). Refreshes itself every 30 seconds.
 */
export function monitoringPage(summary: MonitoringSummary): string {
  const counts = Object.entries(summary.counts).map(([state, n]) => `<li class="count" data-state="${state}"><strong>${n}</strong> ${state}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="30">
<title>ledgersync monitoring</title>
<style>
body{font:14px system-ui,sans-serif;margin:1.5rem;color:#222}table{border-collapse:collapse;margin:.5rem 0 1.5rem}
th,td{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left;vertical-align:top}th{background:#f4f4f4}
ul.counts{display:flex;gap:1.2rem;list-style:none;padding:0}.failed td.state{color:#b00020;font-weight:bold}
.succeeded td.state{color:#1b7f3b}.error{color:#b00020}ol.timeline{margin:0;padding-left:1.2rem}ul.quarantined{margin:0;padding-left:1rem;font-size:12px}
</style></head><body>
<h1>Monitoring</h1>
<p>Generated ${when(summary.generatedAt)}.</p>
<h2>Tasks by state</h2><ul class="counts">${counts}</ul>
<h2>Connectors</h2>
<table id="connectors"><thead><tr><th>Connector</th><th>Polls every</th><th>Last poll</th><th>Next poll</th></tr></thead><tbody>
${summary.connectors.map((c) => `<tr><td>${escapeHtml(c.id)}</td><td>${formatInterval(c.pollIntervalMs)}</td><td>${when(c.lastPollAt)}</td><td>${when(c.nextPollAt)}</td></tr>`).join('\n')}
</tbody></table>
<h2>Dossiers</h2>
<table id="dossiers"><thead><tr><th>Dossier</th><th>Name</th><th>Currency</th><th>Updated until</th><th>Active period</th><th>Closed periods</th><th>Proposals</th><th>Last full</th><th>Last incremental</th><th>Last proposal push</th><th>Next scheduled sync</th><th>Expected pickup</th></tr></thead><tbody>
${summary.dossiers
  .map(
    (d) => `<tr data-dossier="${escapeHtml(d.id)}"><td>${escapeHtml(d.id)}</td><td>${escapeHtml(d.name)}</td><td class="currency">${escapeHtml(d.currency)}</td><td>${escapeHtml(d.updatedUntil ?? '—')}</td><td>${escapeHtml(d.activePeriodId ?? '—')}</td><td>${d.closedPeriodIds.length}</td><td>${d.proposalCounter}</td><td>${when(d.lastSync.full)}</td><td>${when(d.lastSync.incremental)}</td><td>${when(d.lastSync.proposal)}</td><td class="next-sync">${escapeHtml(d.nextSync.kind)} (${escapeHtml(d.nextSync.origin)}) at ${when(d.nextSync.at)}</td><td>${when(d.nextSync.expectedPickup)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>
<h2>Tasks</h2>
<form id="filter" method="get" action="/monitoring">
<label>Dossier <select name="dossier"><option value="">all</option>${summary.dossiers.map((d) => option(d.id, `${d.id} ${d.name}`, summary.filter.dossierId)).join('')}</select></label>
<label>State <select name="state"><option value="">all</option>${TASK_STATES.map((state) => option(state, state, summary.filter.state)).join('')}</select></label>
<label>Kind <select name="kind"><option value="">all</option>${['full', 'incremental', 'proposal'].map((kind) => option(kind, kind, summary.filter.kind)).join('')}</select></label>
<button type="submit">Show</button>
</form>
<table id="tasks"><thead><tr><th>#</th><th>Dossier</th><th>Kind</th><th>Origin</th><th>State</th><th>Read</th><th>Upserted</th><th>Deleted</th><th>Quarantined</th><th>Detection</th><th>Error</th><th>Timeline</th></tr></thead><tbody>
${summary.tasks.map(taskRow).join('\n')}
</tbody></table>
</body></html>`;
}

function taskRow(task: TaskView): string {
  const count = (n: number | undefined) => (n === undefined ? '—' : String(n));
  const methods = Object.entries(task.methods).map(([entity, method]) => `${entity}: ${method}`).join(', ') || '—';
  const errors = [task.error ? `${task.error.code}: ${task.error.message}` : '', task.emailError ? `e-mail ${task.emailError.code}: ${task.emailError.message}` : ''].filter(Boolean);
  const timeline = task.history.map((event) => `<li>${when(event.at)} ${escapeHtml(event.state)}${event.note ? ` — ${escapeHtml(event.note)}` : ''}</li>`).join('');
  return `<tr class="${task.state}" data-task="${task.id}"><td>${task.id}</td><td>${escapeHtml(task.dossierId)}</td><td>${task.kind}</td><td>${task.origin}</td><td class="state">${task.state}</td><td>${count(task.counts?.read)}</td><td>${count(task.counts?.upserted)}</td><td>${count(task.counts?.deleted)}</td><td class="quarantined">${count(task.counts?.quarantined)}${quarantinedList(task)}</td><td>${escapeHtml(methods)}${task.outcome ? `<br>${escapeHtml(task.outcome)}` : ''}</td><td class="error">${errors.map(escapeHtml).join('<br>') || ''}</td><td><ol class="timeline">${timeline}</ol></td></tr>`;
}

/** The records a run quarantined, by code, entity, id and field (a count alone says nothing to fix). */
function quarantinedList(task: TaskView): string {
  if (task.quarantined.length === 0) return '';
  return `<ul class="quarantined">${quarantineLines(task.quarantined).map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`;
}

function option(value: string, label: string, selected: string | undefined): string {
  return `<option value="${escapeHtml(value)}"${value === selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;
}

function formatInterval(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`;
}
