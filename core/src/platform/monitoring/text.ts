import { TaskView } from '../tasks/types';
import { quarantineLines } from './quarantine-lines';
import { MonitoringSummary } from './summary';

/** Fixed-width columns for a terminal. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const short = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');

/** The task list as `ledgersync tasks` prints it; below the table, the records each task quarantined. */
export function tasksText(tasks: TaskView[]): string {
  if (tasks.length === 0) return 'no tasks match';
  const quarantined = tasks.filter((t) => t.quarantined.length > 0).flatMap((t) => quarantineLines(t.quarantined).map((line) => `  #${t.id} ${t.dossierId}: ${line}`));
  return [tasksTable(tasks), ...(quarantined.length > 0 ? ['', 'quarantined records:', ...quarantined] : [])].join('\n');
}

function tasksTable(tasks: TaskView[]): string {
  return textTable(
    ['#', 'dossier', 'kind', 'origin', 'state', 'try', 'read', 'upserted', 'deleted', 'quarantined', 'finished / due', 'error / outcome'],
    tasks.map((t) => [
      String(t.id),
      t.dossierId,
      t.kind,
      t.origin,
      t.state,
      String(t.attempt),
      String(t.counts?.read ?? ''),
      String(t.counts?.upserted ?? ''),
      String(t.counts?.deleted ?? ''),
      String(t.counts?.quarantined ?? ''),
      short(t.finishedAt ?? t.notBefore),
      [t.error ? `${t.error.code}` : (t.outcome ?? ''), t.emailError ? `e-mail: ${t.emailError.code}` : ''].filter(Boolean).join('; '),
    ]),
  );
}

/** Dossiers with their fields and next scheduled sync, as the demo ends. */
export function dossiersText(summary: MonitoringSummary): string {
  return textTable(
    ['dossier', 'updated until', 'active period', 'closed', 'proposals', 'last full', 'last incremental', 'next sync', 'expected pickup'],
    summary.dossiers.map((d) => [
      d.id,
      d.updatedUntil ?? '',
      d.activePeriodId ?? '',
      String(d.closedPeriodIds.length),
      String(d.proposalCounter),
      short(d.lastSync.full),
      short(d.lastSync.incremental),
      `${d.nextSync.kind} (${d.nextSync.origin}) ${short(d.nextSync.at)}`,
      short(d.nextSync.expectedPickup),
    ]),
  );
}

export function countsText(summary: MonitoringSummary): string {
  return Object.entries(summary.counts).map(([state, n]) => `${n} ${state}`).join(', ');
}
