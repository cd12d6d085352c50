import { createHash } from 'node:crypto';
import { AdapterConfigurationError, ExtractionAdapter } from '@ledgersync/sdk';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChangesetPage, PageAck } from '../changeset/types';
import { DiffEngine, SyncResult } from '../engine/api';
import { BackfillRequest } from '../platform/backfill';
import { ConnectorRegistration, RefusedDossier } from '../platform/platform';
import { TaskFailure, TaskSuccess, TaskView } from '../platform/tasks/types';
import { ConnectorStoppingError, isLeaseLost } from './errors';
import { HttpChangesetReceiver, LEASE_HEADER } from './http-receiver';
import { PlatformClient, PlatformClientOptions } from './platform-client';
import { recordingPushes } from './push-recorder';

/** One adapter the connector runs: in-process, or a host proxy with the same contract. */
export interface ConnectorAdapter {
  id: string;
  version: string;
  /** The manifest's `ledgersync.backfill`, passed on to the platform. */
  backfill?: BackfillRequest;
  adapter: ExtractionAdapter;
}

export type ConnectorEvent =
  | { type: 'registered'; dossiers: string[]; backfill: TaskView[]; refused: RefusedDossier[] }
  | { type: 'claimed'; task: TaskView }
  | { type: 'page'; task: TaskView; page: ChangesetPage; ack: PageAck }
  | { type: 'succeeded'; task: TaskView }
  | { type: 'failed'; task: TaskView; error: TaskFailure }
  | { type: 'lease-lost'; task: TaskView }
  | { type: 'released'; task: TaskView }
  | { type: 'poll-failed'; error: { code: string; message: string } };

export interface ConnectorOptions {
  connectorId: string;
  /** The credential the platform's operator issued to this connector (`lsc:<id>:<secret>`): a secret, never logged. */
  credential: string;
  platformUrl: string;
  engine: DiffEngine;
  adapters: ConnectorAdapter[];
  /** How often to ask for work (default 10 minutes). */
  pollIntervalMs?: number;
  /** How often to extend a running task's lease (default 15 s; keep well under the platform's lease). */
  heartbeatMs?: number;
  pageSize?: number;
  client?: PlatformClientOptions;
  onEvent?: (event: ConnectorEvent) => void;
}

export const DEFAULT_POLL_INTERVAL_MS = 10 * 60_000;

/**
 * The connector on the office server. It is behind the office's firewall, so it only calls out:
 * registers, polls for tasks, runs each through the diff engine with an HTTP receiver, keeps its
 * lease alive, and reports. It never listens.
 */
export class Connector {
  readonly client: PlatformClient;
  readonly pollIntervalMs: number;
  private readonly adapterOf = new Map<string, ConnectorAdapter>();
  private stopped = false;
  private loop?: Promise<void>;
  private wake?: AbortController;
  /** The running task's abort: `stop` pulls it so a long sync ends behind its current page. */
  private current?: AbortController;

  constructor(private readonly options: ConnectorOptions) {
    this.client = new PlatformClient(options.platformUrl, { ...options.client, token: options.credential });
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  }

  /** Tells the platform who we are, which dossiers we serve and with which adapter versions. */
  async register(): Promise<TaskView[]> {
    const dossiers: ConnectorRegistration['dossiers'] = [];
    for (const entry of this.options.adapters) {
      for await (const dossier of entry.adapter.listDossiers()) {
        this.adapterOf.set(dossier.id, entry);
        dossiers.push({ ...dossier, adapterId: entry.id });
      }
    }
    const registration: ConnectorRegistration = {
      connectorId: this.options.connectorId,
      pollIntervalMs: this.pollIntervalMs,
      adapters: this.options.adapters.map(({ id, version, backfill }) => ({ id, version, backfill })),
      dossiers,
    };
    const { backfill, refused } = await this.client.post<{ backfill: TaskView[]; refused: RefusedDossier[] }>('/api/connectors/register', registration);
    // a dossier the platform did not assign to this connector is not served: said, not silently skipped
    for (const { dossierId } of refused) this.adapterOf.delete(dossierId);
    const served = dossiers.map((d) => d.id).filter((id) => !refused.some((r) => r.dossierId === id));
    this.emit({ type: 'registered', dossiers: served, backfill, refused });
    return backfill;
  }

  /** Claims one task and runs it; null when there was nothing to do. */
  async pollOnce(): Promise<TaskView | null> {
    const { task, probeToken, lease } = await this.client.post<{ task: TaskView | null; probeToken: string | null; lease: string | null }>(`/api/connectors/${encodeURIComponent(this.options.connectorId)}/claim`, {});
    if (!task || !lease) return null;
    this.emit({ type: 'claimed', task });
    return this.run(task, probeToken, lease);
  }

  /** Runs tasks until none is due. */
  async drain(): Promise<TaskView[]> {
    const done: TaskView[] = [];
    for (let task = this.stopped ? null : await this.pollOnce(); task; task = this.stopped ? null : await this.pollOnce()) done.push(task);
    return done;
  }

  /** Polls every interval until `stop`. */
  start(): void {
    this.stopped = false;
    this.loop = (async () => {
      while (!this.stopped) {
        try {
          await this.drain();
        } catch (error) {
          // the platform is unreachable or refused: say so, and try again next interval
          this.emit({ type: 'poll-failed', error: { code: failureOf(error).code, message: (error as Error).message } });
        }
        this.wake = new AbortController();
        await sleep(this.pollIntervalMs, undefined, { signal: this.wake.signal }).catch(() => undefined);
      }
    })();
  }

  /** Stops polling; a running task ends behind its current page and is given back (see `run`). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.current?.abort(new ConnectorStoppingError());
    this.wake?.abort();
    await this.loop;
  }

  private async run(task: TaskView, probeToken: string | null, lease: string): Promise<TaskView> {
    const connectorId = this.options.connectorId;
    const leased = { [LEASE_HEADER]: lease };
    const abort = new AbortController();
    this.current = abort;
    let heartbeat: NodeJS.Timeout | undefined;
    try {
      const entry = this.adapterOf.get(task.dossierId);
      if (!entry) throw new AdapterConfigurationError('dossiers', `dossier ${task.dossierId} is not served by connector ${connectorId}`);
      task = await this.client.post<TaskView>(`/api/tasks/${task.id}/start`, { connectorId }, leased);
      heartbeat = setInterval(() => {
        this.client.post(`/api/tasks/${task.id}/heartbeat`, { connectorId }, leased).catch((error: unknown) => {
          if (isLeaseLost(error)) abort.abort(error);
        });
      }, this.options.heartbeatMs ?? 15_000);
      const success = await this.execute(task, entry, probeToken, lease, abort.signal);
      const done = await this.client.post<TaskView>(`/api/tasks/${task.id}/succeed`, { connectorId, ...success }, leased);
      this.emit({ type: 'succeeded', task: done });
      return done;
    } catch (error) {
      if (abort.signal.reason instanceof ConnectorStoppingError) {
        // the lease given back: a retryable failure puts the task back in the queue (after the platform's retry delay)
        const { code, message } = abort.signal.reason;
        const released = await this.client.post<TaskView>(`/api/tasks/${task.id}/fail`, { connectorId, code, message, retryable: true }, leased).catch(() => task);
        this.emit({ type: 'released', task: released });
        return released;
      }
      if (isLeaseLost(error) || abort.signal.aborted) {
        this.emit({ type: 'lease-lost', task });
        return task;
      }
      const failure = failureOf(error);
      const failed = await this.client.post<TaskView>(`/api/tasks/${task.id}/fail`, { connectorId, ...failure }, leased).catch(() => task);
      this.emit({ type: 'failed', task: failed, error: failure });
      return failed;
    } finally {
      clearInterval(heartbeat);
      this.current = undefined;
    }
  }

  private async execute(task: TaskView, entry: ConnectorAdapter, probeToken: string | null, lease: string, signal: AbortSignal): Promise<TaskSuccess> {
    const capabilities = await entry.adapter.capabilities();
    // the adapter's token has no length limit (the minimal SQL adapter's lists counts and markers per
    // entity); the platform keeps 128 characters: its digest is as good for "unchanged?" and always fits
    const probe = async () => (capabilities.probe && entry.adapter.probe ? `sha256:${createHash('sha256').update(await entry.adapter.probe(task.dossierId)).digest('hex')}` : undefined);
    // probed before reading: whatever changes during the sync changes the token, so the next night looks again
    const token = task.kind === 'proposal' ? undefined : await probe();
    if (task.kind === 'incremental' && task.origin === 'nightly' && token !== undefined && token === probeToken) {
      return { counts: { read: 0, upserted: 0, deleted: 0, quarantined: 0 }, methods: {}, quarantined: [], outcome: 'skipped: probe unchanged', probeToken: token };
    }
    const receiver = new HttpChangesetReceiver(this.client, { taskId: task.id, connectorId: this.options.connectorId, lease }, (page, ack) => this.emit({ type: 'page', task, page, ack }));
    let result: SyncResult;
    let booked: Record<string, string> | undefined;
    if (task.kind === 'proposal') {
      const recorder = recordingPushes(entry.adapter);
      result = await this.options.engine.pushProposals(recorder.adapter, task.dossierId, task.fields.proposals ?? [], receiver);
      booked = recorder.booked;
    } else {
      result = await this.options.engine.sync(entry.adapter, task.dossierId, { kind: task.kind, receiver, signal, pageSize: this.options.pageSize });
    }
    if (signal.aborted) throw signal.reason;
    return {
      changesetId: result.changesetId,
      counts: result.counts,
      methods: result.methods,
      quarantined: result.quarantined,
      outcome: outcomeOf(result, booked),
      // a proposal push covers only the proposals: it must not vouch for the rest of the source
      probeToken: token,
      booked,
    };
  }

  private emit(event: ConnectorEvent): void {
    this.options.onEvent?.(event);
  }
}

function outcomeOf(result: SyncResult, booked?: Record<string, string>): string {
  const parts = [`${result.pages} page${result.pages === 1 ? '' : 's'}`];
  if (result.resumed) parts.push('resumed');
  if (booked) parts.push(`${Object.keys(booked).length} proposal(s) booked`);
  if (result.quarantined.length > 0) parts.push(`${result.quarantined.length} record(s) quarantined`);
  return parts.join(', ');
}

/** Errors that the same input will raise again: retrying only delays the accountant's fix. */
const FINAL_CODES = ['ADAPTER_CONFIGURATION_INVALID', 'ADAPTER_UNKNOWN_DOSSIER', 'ADAPTER_PROPOSAL_REJECTED', 'ADAPTER_UNSUPPORTED'];

function failureOf(error: unknown): TaskFailure {
  // the engine wraps adapter errors; the adapter's own code says what went wrong and whether a retry helps
  const adapterCode = (error as { adapterCode?: unknown })?.adapterCode;
  const ownCode = (error as { code?: unknown })?.code;
  const code = typeof adapterCode === 'string' && adapterCode !== 'unknown' ? adapterCode : typeof ownCode === 'string' ? ownCode : 'CONNECTOR_SYNC_FAILED';
  const message = error instanceof Error ? error.message : String(error);
  // configuration and bad-input errors need a person, not a retry
  const retryable = !(error instanceof AdapterConfigurationError) && !FINAL_CODES.includes(code);
  return { code, message, retryable };
}
