import { SyncKind } from '../../changeset/types';
import { DossierView } from '../dossiers';
import { Platform } from '../platform';
import { isMonthlyFullNight, dayOf, nextNight } from '../schedule';
import { TASK_STATES, TaskFilter, TaskOrigin, TaskState, TaskView } from '../tasks/types';

export interface NextSync {
  kind: SyncKind;
  origin: TaskOrigin;
  /** When it may start. */
  at: string;
  /** When the connector should pick it up: its next poll after `at`. */
  expectedPickup: string;
  /** The queued task, when there is one; else the night plan that will make it. */
  taskId: number | null;
}

export interface MonitoringSummary {
  generatedAt: string;
  /** The filter the task list was read with. */
  filter: TaskFilter;
  connectors: { id: string; pollIntervalMs: number; lastPollAt: string | null; nextPollAt: string | null }[];
  dossiers: (DossierView & { nextSync: NextSync })[];
  counts: Record<TaskState, number>;
  tasks: TaskView[];
}

interface ConnectorRow {
  connector_id: string;
  poll_interval_ms: number;
  last_poll_at: string | null;
}

/** The monitoring tab's content: what the page and `ledgersync tasks` show. */
export async function monitoringSummary(platform: Platform, filter: TaskFilter = {}): Promise<MonitoringSummary> {
  const connectors: ConnectorRow[] = await platform.db('pf_connectors').orderBy('connector_id');
  const tasks = await platform.tasks.list({ limit: 200, ...filter });
  const counts = Object.fromEntries(TASK_STATES.map((state) => [state, 0])) as Record<TaskState, number>;
  const rows: { state: TaskState; n: unknown }[] = await platform.db('pf_tasks').groupBy('state').select('state').count({ n: '*' });
  for (const row of rows) counts[row.state] = Number(row.n);
  const dossiers = [];
  for (const dossier of await platform.dossiers.list()) dossiers.push({ ...dossier, nextSync: await nextSyncOf(platform, dossier, connectors) });
  return {
    generatedAt: platform.clock.now().toISOString(),
    filter,
    connectors: connectors.map((c) => ({ id: c.connector_id, pollIntervalMs: Number(c.poll_interval_ms), lastPollAt: c.last_poll_at, nextPollAt: nextPoll(c) })),
    dossiers,
    counts,
    tasks,
  };
}

/** When the connector serving the task's dossier should pick it up. */
export async function expectedPickup(platform: Platform, task: TaskView): Promise<string> {
  const dossier = await platform.dossiers.get(task.dossierId);
  const connector: ConnectorRow | undefined = dossier.connectorId ? await platform.db('pf_connectors').where({ connector_id: dossier.connectorId }).first() : undefined;
  return pickupAfter(task.notBefore, connector);
}

async function nextSyncOf(platform: Platform, dossier: DossierView, connectors: ConnectorRow[]): Promise<NextSync> {
  const connector = connectors.find((c) => c.connector_id === dossier.connectorId);
  const [queued] = (await platform.tasks.list({ dossierId: dossier.id, state: 'queued' })).sort((a, b) => (a.notBefore < b.notBefore ? -1 : 1));
  if (queued) return { kind: queued.kind, origin: queued.origin, at: queued.notBefore, expectedPickup: pickupAfter(queued.notBefore, connector), taskId: queued.id };
  const night = nextNight(platform.clock.now());
  const full = isMonthlyFullNight(dossier.id, dayOf(night));
  return { kind: full ? 'full' : 'incremental', origin: full ? 'monthly' : 'nightly', at: night.toISOString(), expectedPickup: pickupAfter(night.toISOString(), connector), taskId: null };
}

/** The first poll at or after `at`, counting in poll intervals from the connector's last poll. */
function pickupAfter(at: string, connector: ConnectorRow | undefined): string {
  if (!connector?.last_poll_at) return at;
  const interval = Number(connector.poll_interval_ms);
  const last = Date.parse(connector.last_poll_at);
  const due = Date.parse(at);
  const polls = Math.max(1, Math.ceil((due - last) / interval));
  return new Date(last + polls * interval).toISOString();
}

function nextPoll(connector: ConnectorRow): string | null {
  return connector.last_poll_at ? new Date(Date.parse(connector.last_poll_at) + Number(connector.poll_interval_ms)).toISOString() : null;
}
