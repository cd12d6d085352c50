import { setTimeout as sleep } from 'node:timers/promises';

/** What the simulated connectors measured, shared by all of them. */
export interface SimStats {
  claims: number;
  pages: number;
  /** Page round trips (ms), acknowledged ones only. */
  latencies: number[];
  /** Acknowledgements that said `applied: true`: more than the platform's applied rows would be a page applied twice. */
  appliedAcks: number;
  failovers: number;
  /** 503/5xx answers retried (a platform at its cap of concurrent requests says 503). */
  busy: number;
  /** Tasks given up on an error (the first few messages kept): each one's lease runs out and the task comes back. */
  errors: string[];
}

interface Task {
  id: number;
  dossierId: string;
}

/**
 * A connector reduced to its wire: registers, claims, sends a changeset of `pages` pages of account
 * upserts, reports. It talks to the platform processes through a list of URLs and moves to the next
 * one when a connection is refused (the load balancer's job in production), so a process killed
 * mid-run costs retries, not work.
 */
export class SimConnector {
  private urlIndex: number;

  constructor(
    private readonly connectorId: string,
    private readonly credential: string,
    private readonly dossiers: string[],
    private readonly urls: string[],
    private readonly page: (dossierId: string, sequence: number) => unknown[],
    private readonly pagesPerTask: number,
    private readonly stats: SimStats,
    start: number,
  ) {
    this.urlIndex = start % urls.length;
  }

  async register(): Promise<void> {
    await this.call('/api/connectors/register', {
      connectorId: this.connectorId,
      pollIntervalMs: 1000,
      adapters: [{ id: 'sim', version: '1.0.0' }],
      dossiers: this.dossiers.map((id) => ({ id, name: id, currency: 'EUR', adapterId: 'sim' })),
    });
  }

  /** Claims and runs tasks until `done()` says every task of the run has succeeded. */
  async run(done: () => boolean): Promise<void> {
    while (!done()) {
      const { task, lease } = await this.call<{ task: Task | null; lease: string | null }>(`/api/connectors/${this.connectorId}/claim`, {});
      if (!task || !lease) {
        // hundreds of connectors polling in step would be a claim storm: wait 0.5–1 s, jittered
        await sleep(500 + Math.random() * 500);
        continue;
      }
      this.stats.claims++;
      // a lost lease: the task comes back to whoever claims it
      await this.runTask(task, lease).catch((error: Error) => this.stats.errors.push(`${task.dossierId}: ${error.message}`));
    }
  }

  private async runTask(task: Task, lease: string): Promise<void> {
    const leased = { 'x-ledgersync-lease': lease };
    const query = `?task=${task.id}&connector=${this.connectorId}`;
    await this.call(`/api/tasks/${task.id}/start`, { connectorId: this.connectorId }, leased);
    // as the real connector does: a heartbeat keeps the lease while calls wait on a busy platform
    const heartbeat = setInterval(() => void this.call(`/api/tasks/${task.id}/heartbeat`, { connectorId: this.connectorId }, leased).catch(() => undefined), 2_000);
    try {
      await this.sendChangeset(task, leased, query);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async sendChangeset(task: Task, leased: Record<string, string>, query: string): Promise<void> {
    const changesetId = `sim-${task.id}`;
    const { lastApplied } = await this.call<{ lastApplied: number }>(`/api/changesets/begin${query}`, { changesetId, dossierId: task.dossierId, kind: 'full', startedAt: new Date().toISOString() }, leased);
    for (let sequence = lastApplied + 1; sequence <= this.pagesPerTask; sequence++) {
      const started = performance.now();
      const ack = await this.call<{ applied: boolean }>(`/api/changesets/pages${query}`, { changesetId, dossierId: task.dossierId, sequence, operations: this.page(task.dossierId, sequence) }, leased);
      this.stats.latencies.push(performance.now() - started);
      this.stats.pages++;
      if (ack.applied) this.stats.appliedAcks++;
    }
    const counts = { read: this.pagesPerTask, upserted: this.pagesPerTask, deleted: 0, quarantined: 0 };
    await this.call(`/api/changesets/complete${query}`, { changesetId, dossierId: task.dossierId, kind: 'full', pages: this.pagesPerTask, counts, methods: {}, quarantined: [], finishedAt: new Date().toISOString() }, leased);
    await this.call(`/api/tasks/${task.id}/succeed`, { connectorId: this.connectorId, changesetId, counts, methods: {}, quarantined: [], outcome: `${this.pagesPerTask} pages` }, leased);
  }

  /**
   * One call, retried on a refused connection (next process) and on 503/5xx (same process, after a
   * growing jittered pause: a busy platform says 503 and must not be hammered), for up to 3 minutes.
   */
  private async call<T = unknown>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    const deadline = performance.now() + 180_000;
    for (let attempt = 0; performance.now() < deadline; attempt++) {
      const url = this.urls[this.urlIndex];
      let response: Response;
      try {
        response = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${this.credential}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
      } catch {
        this.urlIndex = (this.urlIndex + 1) % this.urls.length;
        this.stats.failovers++;
        await sleep(Math.random() * 50);
        continue;
      }
      const text = await response.text().catch(() => '');
      if (response.status >= 500) {
        this.stats.busy++;
        await sleep(Math.min(2_000, 20 * 2 ** Math.min(attempt, 7)) * (0.5 + Math.random()));
        continue;
      }
      if (response.status >= 400) throw new Error(`${path} answered ${response.status}: ${text.slice(0, 200)}`);
      return JSON.parse(text) as T;
    }
    throw new Error(`${path}: no platform answered`);
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
