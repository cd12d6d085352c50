import { Knex } from 'knex';
import { SyncKind } from '../../changeset/types';
import { sameDigest, sha256 } from '../access/secrets';
import { Clock, isoNow, systemClock } from '../clock';
import { PlatformError, PlatformErrorCode } from '../errors';
import { retryDelayMs } from './backoff';
import { TaskRow, taskFromRow, withEvent } from './rows';
import { TaskFailure, TaskFields, TaskFilter, TaskOrigin, TaskState, TaskSuccess, TaskView } from './types';

export interface TaskQueueOptions {
  clock?: Clock;
  /** How long a claim holds without a heartbeat (default 60 s). */
  leaseMs?: number;
  /** First retry delay; doubles per attempt (default 30 s). */
  retryBaseMs?: number;
  maxAttempts?: number;
}

export interface EnqueueRequest {
  dossierId: string;
  kind: SyncKind;
  origin: TaskOrigin;
  fields?: TaskFields;
  /** Not to be claimed before (default now). */
  notBefore?: string;
  /** Why, for the timeline. */
  note?: string;
}

const ACTIVE: TaskState[] = ['claimed', 'running'];

/**
 * The task queue, in the platform's database. A claim is a lease: the connector extends it with
 * heartbeats, and a task whose lease ran out (the connector died) goes back to the queue with
 * back-off. Claims are made in one transaction that skips dossiers with an active task, so one
 * dossier never has two syncs running.
 */
export class TaskQueue {
  readonly leaseMs: number;
  private readonly clock: Clock;
  private readonly retryBaseMs: number;
  private readonly maxAttempts: number;

  constructor(private readonly db: Knex, options: TaskQueueOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.retryBaseMs = options.retryBaseMs ?? 30_000;
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  /**
   * Queues a sync. A full or incremental sync for a dossier that already has one queued updates
   * that one instead: the kinds merge (full wins), the accountant's fields are laid over, and the
   * earlier start is kept. Returns the task and whether it was new.
   */
  async enqueue(request: EnqueueRequest): Promise<{ task: TaskView; merged: boolean }> {
    const now = isoNow(this.clock);
    const notBefore = request.notBefore ?? now;
    return this.db.transaction(async (trx) => {
      const dossier = await trx('pf_dossiers').where({ dossier_id: request.dossierId }).first('dossier_id');
      if (!dossier) throw new PlatformError(PlatformErrorCode.UnknownDossier, `dossier ${request.dossierId} is not registered on the platform`);
      if (request.kind === 'proposal') {
        // one push at a time carries the whole worklist: a queued push takes the newer list
        const queued = await trx('pf_tasks').where({ dossier_id: request.dossierId, state: 'queued', kind: 'proposal' }).orderBy('task_id').first();
        if (queued) {
          await trx('pf_tasks').where({ task_id: queued.task_id }).update({ fields: JSON.stringify(request.fields ?? {}), history: withEvent(queued, { at: now, state: 'queued', note: 'worklist updated' }) });
          return { task: await this.get(queued.task_id, trx), merged: true };
        }
      } else {
        const due = trx('pf_tasks').where({ dossier_id: request.dossierId, state: 'queued' }).whereNot({ kind: 'proposal' });
        // the accountant's request takes over any queued sync; a planned one only one due by then, so a
        // backfill spread over later nights is not pulled into tonight by the nightly plan
        if (request.origin !== 'manual') due.andWhere('not_before', '<=', notBefore);
        const queued = await due.orderBy('task_id').first();
        if (queued) {
          const fields = { ...(JSON.parse(queued.fields ?? '{}') as TaskFields), ...(request.fields ?? {}) };
          const kind = queued.kind === 'full' || request.kind === 'full' ? 'full' : 'incremental';
          const origin = request.origin === 'manual' ? 'manual' : queued.origin;
          await trx('pf_tasks').where({ task_id: queued.task_id }).update({
            kind,
            origin,
            fields: JSON.stringify(fields),
            not_before: notBefore < queued.not_before ? notBefore : queued.not_before,
            history: withEvent(queued, { at: now, state: 'queued', note: `updated by a ${request.origin} ${request.kind} request` }),
          });
          return { task: await this.get(queued.task_id, trx), merged: true };
        }
      }
      const [inserted] = await trx('pf_tasks').insert(
        {
          dossier_id: request.dossierId,
          kind: request.kind,
          origin: request.origin,
          state: 'queued',
          fields: JSON.stringify(request.fields ?? {}),
          created_at: now,
          not_before: notBefore,
          attempt: 0,
          max_attempts: this.maxAttempts,
          history: JSON.stringify([{ at: now, state: 'queued', note: request.note ?? `${request.origin} ${request.kind}` }]),
        },
      );
      const id = typeof inserted === 'object' ? (inserted as { task_id: number }).task_id : inserted;
      return { task: await this.get(Number(id), trx), merged: false };
    });
  }

  /** The oldest due task of one of `dossierIds` whose dossier has no active task, claimed for `connectorId`. */
  async claim(connectorId: string, dossierIds: string[], leaseSha256: string | null = null): Promise<TaskView | null> {
    await this.expireLeases();
    if (dossierIds.length === 0) return null;
    const now = isoNow(this.clock);
    return this.db.transaction(async (trx) => {
      const busy = trx('pf_tasks').whereIn('state', ACTIVE).select('dossier_id');
      const query = trx('pf_tasks')
        .where({ state: 'queued' })
        .andWhere('not_before', '<=', now)
        .whereIn('dossier_id', dossierIds)
        .whereNotIn('dossier_id', busy)
        .orderBy([{ column: 'not_before' }, { column: 'task_id' }])
        .limit(5);
      // several platform processes on one MariaDB: a task row another claim holds is skipped, not
      // waited for (SQLite has one writer at a time and no row locks: its path stays as it was)
      const candidates: TaskRow[] = await (skipsLockedRows(trx) ? query.forUpdate().skipLocked() : query);
      for (const row of candidates) {
        // the dossier's guard first: a concurrent claim of another task of this dossier finds it set
        const guarded = await trx('pf_dossiers').where({ dossier_id: row.dossier_id }).whereNull('active_task_id').update({ active_task_id: row.task_id });
        if (guarded !== 1) continue;
        // conditional update: a concurrent claimer that got there first leaves 0 rows here
        const taken = await trx('pf_tasks')
          .where({ task_id: row.task_id, state: 'queued' })
          .update({
            state: 'claimed',
            connector_id: connectorId,
            claimed_at: now,
            lease_until: this.leaseEnd(),
            lease_sha256: leaseSha256,
            attempt: Number(row.attempt) + 1,
            history: withEvent(row, { at: now, state: 'claimed', note: `by ${connectorId}, attempt ${Number(row.attempt) + 1}` }),
          });
        if (taken === 1) return this.get(row.task_id, trx);
        await release(trx, row);
      }
      return null;
    });
  }

  async start(taskId: number, connectorId: string, lease?: string): Promise<TaskView> {
    const row = await this.owned(taskId, connectorId, lease);
    const now = isoNow(this.clock);
    await this.db('pf_tasks').where({ task_id: taskId }).update({ state: 'running', started_at: now, lease_until: this.leaseEnd(), history: withEvent(row, { at: now, state: 'running' }) });
    return this.get(taskId);
  }

  /** Extends the lease; fails with PLATFORM_LEASE_LOST when the task is no longer this connector's. */
  async heartbeat(taskId: number, connectorId: string, lease?: string): Promise<TaskView> {
    await this.owned(taskId, connectorId, lease);
    await this.db('pf_tasks').where({ task_id: taskId }).update({ lease_until: this.leaseEnd() });
    return this.get(taskId);
  }

  async succeed(taskId: number, connectorId: string, success: TaskSuccess, lease?: string): Promise<TaskView> {
    const row = await this.owned(taskId, connectorId, lease);
    const now = isoNow(this.clock);
    await this.db('pf_tasks').where({ task_id: taskId }).update({
      state: 'succeeded',
      finished_at: now,
      lease_until: null,
      lease_sha256: null,
      changeset_id: success.changesetId ?? null,
      count_read: success.counts.read,
      count_upserted: success.counts.upserted,
      count_deleted: success.counts.deleted,
      count_quarantined: success.counts.quarantined,
      methods: JSON.stringify(success.methods),
      quarantined: JSON.stringify(success.quarantined),
      outcome: success.outcome ?? null,
      error_code: null,
      error_message: null,
      history: withEvent(row, { at: now, state: 'succeeded', note: success.outcome }),
    });
    await release(this.db, row);
    return this.get(taskId);
  }

  /** A failed run goes back to the queue after a back-off, until its attempts are spent or the error is final. */
  async fail(taskId: number, connectorId: string, failure: TaskFailure, lease?: string): Promise<TaskView> {
    const row = await this.owned(taskId, connectorId, lease);
    await this.failRow(this.db, row, failure);
    return this.get(taskId);
  }

  async cancel(taskId: number): Promise<TaskView> {
    const row = await this.row(taskId);
    if (['succeeded', 'failed', 'cancelled'].includes(row.state)) {
      throw new PlatformError(PlatformErrorCode.InvalidOperation, `task ${taskId} of dossier ${row.dossier_id} is already ${row.state}`);
    }
    const now = isoNow(this.clock);
    await this.db('pf_tasks').where({ task_id: taskId }).update({ state: 'cancelled', finished_at: now, lease_until: null, lease_sha256: null, history: withEvent(row, { at: now, state: 'cancelled' }) });
    await release(this.db, row);
    return this.get(taskId);
  }

  async recordEmailError(taskId: number, error: { code: string; message: string }): Promise<void> {
    await this.db('pf_tasks').where({ task_id: taskId }).update({ email_error_code: error.code, email_error_message: error.message });
  }

  /** Active tasks whose connector stopped heart-beating go back to the queue (or fail when out of attempts). */
  async expireLeases(): Promise<number> {
    const now = isoNow(this.clock);
    const expired: TaskRow[] = await this.db('pf_tasks').whereIn('state', ACTIVE).andWhere('lease_until', '<', now);
    for (const row of expired) {
      await this.failRow(this.db, row, { code: 'TASK_LEASE_EXPIRED', message: `connector ${row.connector_id} stopped reporting on dossier ${row.dossier_id}` }, ACTIVE);
    }
    return expired.length;
  }

  async get(taskId: number, db: Knex = this.db): Promise<TaskView> {
    return taskFromRow(await this.row(taskId, db));
  }

  async list(filter: TaskFilter = {}): Promise<TaskView[]> {
    const query = this.db('pf_tasks').orderBy('task_id', 'desc').limit(filter.limit ?? 500);
    if (filter.dossierId) query.where({ dossier_id: filter.dossierId });
    if (filter.state) query.where({ state: filter.state });
    if (filter.kind) query.where({ kind: filter.kind });
    if (filter.origin) query.where({ origin: filter.origin });
    return ((await query) as TaskRow[]).map(taskFromRow);
  }

  private async failRow(db: Knex, row: TaskRow, failure: TaskFailure, fromStates: TaskState[] = ACTIVE): Promise<void> {
    const now = isoNow(this.clock);
    const attempt = Number(row.attempt);
    const retry = failure.retryable !== false && attempt < Number(row.max_attempts);
    const notBefore = new Date(this.clock.now().getTime() + retryDelayMs(attempt, this.retryBaseMs)).toISOString();
    const note = `${failure.code}${retry ? `, retry after ${notBefore}` : ''}`;
    await db('pf_tasks')
      .where({ task_id: row.task_id })
      .whereIn('state', fromStates)
      .update({
        state: retry ? 'queued' : 'failed',
        not_before: retry ? notBefore : row.not_before,
        finished_at: retry ? null : now,
        lease_until: null,
        lease_sha256: null,
        connector_id: retry ? null : row.connector_id,
        error_code: failure.code,
        error_message: failure.message,
        history: withEvent(row, { at: now, state: retry ? 'queued' : 'failed', note }),
      });
    await release(db, row);
  }

  /**
   * The task's row when `connectorId` holds it. Over HTTP the lease secret of the claim must come
   * too (`lease`): the connector's credential alone does not let one of its calls act on a task it
   * claimed earlier and lost. In-process callers (tests, the platform itself) pass none.
   */
  private async owned(taskId: number, connectorId: string, lease?: string): Promise<TaskRow> {
    await this.expireLeases();
    const row = await this.row(taskId);
    const leaseHeld = lease === undefined || (typeof row.lease_sha256 === 'string' && sameDigest(row.lease_sha256, sha256(lease)));
    if (row.connector_id !== connectorId || !ACTIVE.includes(row.state as TaskState) || !leaseHeld) {
      throw new PlatformError(PlatformErrorCode.LeaseLost, `task ${taskId} of dossier ${row.dossier_id} is ${row.state}, not held by connector ${connectorId}`);
    }
    return row;
  }

  private async row(taskId: number, db: Knex = this.db): Promise<TaskRow> {
    const row = await db('pf_tasks').where({ task_id: taskId }).first();
    if (!row) throw new PlatformError(PlatformErrorCode.UnknownTask, `task ${taskId} does not exist`);
    return row as TaskRow;
  }

  private leaseEnd(): string {
    return new Date(this.clock.now().getTime() + this.leaseMs).toISOString();
  }
}

/** Clears the dossier's guard if this task holds it. */
async function release(db: Knex, row: TaskRow): Promise<void> {
  await db('pf_dossiers').where({ dossier_id: row.dossier_id, active_task_id: row.task_id }).update({ active_task_id: null });
}

/** MariaDB 10.6+ and MySQL 8 know SKIP LOCKED; SQLite has no row locks to skip. */
function skipsLockedRows(db: Knex): boolean {
  return db.client.config.client === 'mysql2';
}
