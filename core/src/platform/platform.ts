import { DossierInfo, isCalendarDate, Proposal } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { SyncKind } from '../changeset/types';
import { DatabaseConfig, openDatabase, PoolSize } from '../database';
import { AccountantAccess } from './access/accountant-access';
import { ConnectorAccess } from './access/connector-access';
import { sha256 } from './access/secrets';
import { BackfillRequest, needsBackfill } from './backfill';
import { Clock, isoNow, systemClock } from './clock';
import { BulkFields, checkBulkFields, DossierStore } from './dossiers';
import { ClientNotifier } from './email';
import { invalidField, PlatformErrorCode } from './errors';
import { migratePlatform } from './migrations';
import { PlatformReceiver } from './receiver';
import { dayOf, isMonthlyFullNight, nightOf, spreadOverNights } from './schedule';
import { TaskQueue, TaskQueueOptions } from './tasks/queue';
import { ManualFields, TaskSuccess, TaskView } from './tasks/types';
import { Worklist } from './worklist';

/** What a connector says when it starts: who it is, how often it polls, its adapters and dossiers. */
export interface ConnectorRegistration {
  connectorId: string;
  pollIntervalMs: number;
  adapters: { id: string; version: string; backfill?: BackfillRequest }[];
  dossiers: (DossierInfo & { adapterId: string })[];
}

/** A dossier a registration named that is not this connector's: refused, and said so. */
export interface RefusedDossier {
  dossierId: string;
  code: string;
  reason: string;
}

export interface RegistrationResult {
  backfill: TaskView[];
  refused: RefusedDossier[];
}

export interface PlatformOptions extends TaskQueueOptions {
  clock?: Clock;
  notifier?: ClientNotifier;
  /** Nights an upgrade backfill is spread over (default 7). */
  backfillNights?: number;
  /**
   * The connection pool on MariaDB/MySQL/SQL Server (SQLite has one connection). Every request in
   * flight holds a connection for its transaction, so `max` bounds the process's concurrent pages;
   * see docs/scale-out.md for sizing it against the server's max_connections.
   */
  pool?: PoolSize;
}

/**
 * The platform's reference implementation: the store that holds what connectors sent, the task
 * queue, the worklist, and what happens when a task ends (the accountant's fields, the e-mail).
 */
export class Platform {
  readonly receiver: PlatformReceiver;
  readonly dossiers: DossierStore;
  readonly tasks: TaskQueue;
  readonly worklist: Worklist;
  readonly clock: Clock;
  readonly connectors: ConnectorAccess;
  readonly accountants: AccountantAccess;

  private constructor(readonly db: Knex, private readonly options: PlatformOptions) {
    this.clock = options.clock ?? systemClock;
    this.receiver = new PlatformReceiver(db, this.clock);
    this.dossiers = new DossierStore(db, this.clock);
    this.tasks = new TaskQueue(db, { ...options, clock: this.clock });
    this.worklist = new Worklist(db, this.clock);
    this.connectors = new ConnectorAccess(db, this.clock);
    this.accountants = new AccountantAccess(db, this.clock);
  }

  /** Opens (and migrates) the platform store; SQLite by default. */
  static async open(config: DatabaseConfig, options: PlatformOptions = {}): Promise<Platform> {
    const db = openDatabase(config, options.pool);
    try {
      if (config.client === 'sqlite') {
        // write-ahead log: a page's commit is one sequential append, and readers (monitoring) do not block the writer
        await db.raw('PRAGMA journal_mode = WAL');
        await db.raw('PRAGMA synchronous = NORMAL');
      }
      await migratePlatform(db);
    } catch (error) {
      // not a database (or not ours): close the pool, or its connections keep the process alive after the error
      await db.destroy();
      throw error;
    }
    return new Platform(db, options);
  }

  static async on(db: Knex, options: PlatformOptions = {}): Promise<Platform> {
    await migratePlatform(db);
    return new Platform(db, options);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  /**
   * Records the connector and those of its dossiers the operator assigned to it; schedules upgrade
   * backfills. A dossier assigned to another connector, or to none, is refused (and listed): a
   * registration never takes a dossier over.
   */
  async registerConnector(registration: ConnectorRegistration): Promise<RegistrationResult> {
    checkRegistration(registration);
    const now = isoNow(this.clock);
    await this.db('pf_connectors').insert({ connector_id: registration.connectorId, poll_interval_ms: registration.pollIntervalMs, registered_at: now }).onConflict('connector_id').merge(['poll_interval_ms', 'registered_at']);
    const toBackfill = new Map<string, string[]>();
    const refused: RefusedDossier[] = [];
    for (const dossier of registration.dossiers) {
      const adapter = registration.adapters.find((a) => a.id === dossier.adapterId);
      if (!adapter) throw invalidField(`dossiers[${dossier.id}].adapterId`, `adapter ${dossier.adapterId} is not among the connector's adapters`, dossier.id);
      const assignee = await this.connectors.assignee(dossier.id);
      if (assignee !== registration.connectorId) {
        refused.push({ dossierId: dossier.id, code: PlatformErrorCode.NotAssigned, reason: `dossier ${dossier.id} is not assigned to connector ${registration.connectorId} (ledgersync platform connectors assign)` });
        continue;
      }
      const previous = await this.dossiers.register({ id: dossier.id, name: dossier.name, currency: dossier.currency, connectorId: registration.connectorId, adapterId: adapter.id, adapterVersion: adapter.version });
      if (needsBackfill(previous, adapter.version, adapter.backfill)) toBackfill.set(adapter.id, [...(toBackfill.get(adapter.id) ?? []), dossier.id]);
    }
    const queued: TaskView[] = [];
    for (const [adapterId, dossierIds] of toBackfill) {
      const reason = registration.adapters.find((a) => a.id === adapterId)!.backfill!.reason;
      for (const [dossierId, night] of spreadOverNights(dossierIds, this.clock.now(), this.options.backfillNights ?? 7)) {
        const { task } = await this.tasks.enqueue({ dossierId, kind: 'full', origin: 'backfill', notBefore: night.toISOString(), note: `upgrade backfill: ${reason}` });
        queued.push(task);
      }
    }
    return { backfill: queued, refused };
  }

  /** A connector asked for work: remembers when, then claims the oldest due task of its dossiers. */
  /** `lease`: the secret the connector must show on every call about the task (stored as its digest). */
  async claimFor(connectorId: string, lease?: string): Promise<TaskView | null> {
    const leaseSha256 = lease === undefined ? null : sha256(lease);
    await this.db('pf_connectors').where({ connector_id: connectorId }).update({ last_poll_at: isoNow(this.clock) });
    await this.tasks.expireLeases();
    const held = await this.tasks.list({ state: 'claimed' });
    const mine = held.find((task) => task.connectorId === connectorId);
    // a claim whose answer was lost: the connector asks again and gets the same task
    if (mine) {
      await this.db('pf_tasks').where({ task_id: mine.id }).update({ lease_sha256: leaseSha256 });
      return mine;
    }
    const dossiers: { dossier_id: string }[] = await this.db('pf_dossiers').where({ connector_id: connectorId }).select('dossier_id');
    return this.tasks.claim(connectorId, dossiers.map((d) => d.dossier_id), leaseSha256);
  }

  /** The accountant's manual sync: a task, or an update of the one already queued. */
  async requestManualSync(dossierId: string, kind: Exclude<SyncKind, 'proposal'>, fields: ManualFields = {}): Promise<{ task: TaskView; merged: boolean }> {
    if (kind !== 'full' && kind !== 'incremental') throw invalidField('kind', `${JSON.stringify(kind)} is not full or incremental`, dossierId);
    await this.dossiers.get(dossierId);
    checkManualFields(dossierId, fields);
    return this.tasks.enqueue({ dossierId, kind, origin: 'manual', fields: pickManualFields(fields) });
  }

  /** Booking proposals from the worklist, sent to the package by a proposal-push task. */
  async pushProposals(dossierId: string, proposals: Proposal[]): Promise<TaskView | null> {
    await this.dossiers.get(dossierId);
    await this.worklist.add(dossierId, proposals);
    const pending = await this.worklist.pending(dossierId);
    // proposals already booked are not sent again: with nothing pending there is nothing to push
    if (pending.length === 0) return null;
    const { task } = await this.tasks.enqueue({ dossierId, kind: 'proposal', origin: 'proposal', fields: { proposals: pending } });
    return task;
  }

  /** Queues the night's syncs: incremental for every dossier, full on its monthly day. */
  async planNight(day: string): Promise<TaskView[]> {
    if (!isCalendarDate(day)) throw invalidField('day', `${JSON.stringify(day)} is not a date YYYY-MM-DD`);
    const queued: TaskView[] = [];
    for (const dossier of await this.dossiers.list()) {
      const full = isMonthlyFullNight(dossier.id, day);
      const { task } = await this.tasks.enqueue({ dossierId: dossier.id, kind: full ? 'full' : 'incremental', origin: full ? 'monthly' : 'nightly', notBefore: nightOf(day).toISOString() });
      queued.push(task);
    }
    return queued;
  }

  async bulkUpdate(dossierIds: string[], fields: BulkFields): Promise<void> {
    await this.dossiers.bulkUpdate(dossierIds, fields);
  }

  /** A run ended well: the task records it, then the accountant's fields and the e-mail take effect. */
  async completeTask(taskId: number, connectorId: string, success: TaskSuccess, lease?: string): Promise<TaskView> {
    const current = await this.tasks.get(taskId);
    // a retried report (its first answer lost on the way) changes nothing
    if (current.state === 'succeeded' && current.connectorId === connectorId) return current;
    const task = await this.tasks.succeed(taskId, connectorId, success, lease);
    await this.db.transaction(async (trx) => {
      if (success.probeToken !== undefined) await trx('pf_dossiers').where({ dossier_id: task.dossierId }).update({ probe_token: success.probeToken });
      if (success.booked) await this.dossiers.addToProposalCounter(task.dossierId, await this.worklist.markBooked(trx, task.dossierId, success.booked), trx);
      if (task.origin === 'manual') {
        await this.dossiers.applyBulkFields(trx, task.dossierId, { updatedUntil: task.fields.updatedUntil, resetProposalCounter: task.fields.resetProposalCounter });
        if (task.fields.activePeriodId) await this.dossiers.setActivePeriod(trx, task.dossierId, task.fields.activePeriodId);
        await this.dossiers.markManualSync(task.dossierId, trx);
      }
    });
    if (task.origin === 'manual' && task.fields.notifyClient) await this.notify(task);
    return this.tasks.get(taskId);
  }

  /** The e-mail is a courtesy: a failure is written on the task, and the sync still counts. */
  private async notify(task: TaskView): Promise<void> {
    try {
      if (!this.options.notifier) throw Object.assign(new Error('no SMTP relay is configured on the platform'), { code: 'EMAIL_NOT_CONFIGURED' });
      await this.options.notifier.notifyClient(await this.dossiers.get(task.dossierId));
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'EMAIL_SEND_FAILED';
      await this.tasks.recordEmailError(task.id, { code, message: (error as Error).message });
    }
  }
}

function checkRegistration(registration: ConnectorRegistration): void {
  if (typeof registration?.connectorId !== 'string' || !/^[\w.-]{1,64}$/.test(registration.connectorId)) throw invalidField('connectorId', 'must be 1 to 64 letters, digits, dots, dashes or underscores');
  if (!Number.isInteger(registration.pollIntervalMs) || registration.pollIntervalMs <= 0) throw invalidField('pollIntervalMs', 'must be a positive whole number of milliseconds');
  if (!Array.isArray(registration.adapters)) throw invalidField('adapters', 'must be a list');
  if (!Array.isArray(registration.dossiers)) throw invalidField('dossiers', 'must be a list');
  registration.adapters.forEach((adapter, i) => {
    if (typeof adapter?.id !== 'string' || typeof adapter.version !== 'string') throw invalidField(`adapters[${i}]`, 'needs an id and a version');
  });
  registration.dossiers.forEach((dossier, i) => {
    for (const field of ['id', 'name', 'currency', 'adapterId'] as const) {
      if (typeof dossier?.[field] !== 'string' || dossier[field] === '') throw invalidField(`dossiers[${i}].${field}`, 'must be a non-empty string', typeof dossier?.id === 'string' ? dossier.id : undefined);
    }
  });
}

function checkManualFields(dossierId: string, fields: ManualFields): void {
  checkBulkFields(fields, dossierId);
  if (fields.notifyClient !== undefined && typeof fields.notifyClient !== 'boolean') throw invalidField('notifyClient', 'must be true or false', dossierId);
  if (fields.activePeriodId !== undefined && (typeof fields.activePeriodId !== 'string' || fields.activePeriodId === '')) throw invalidField('activePeriodId', 'must be a period id', dossierId);
}

function pickManualFields(fields: ManualFields): ManualFields {
  const picked: ManualFields = {};
  if (fields.updatedUntil !== undefined) picked.updatedUntil = fields.updatedUntil;
  if (fields.resetProposalCounter !== undefined) picked.resetProposalCounter = fields.resetProposalCounter;
  if (fields.notifyClient !== undefined) picked.notifyClient = fields.notifyClient;
  if (fields.activePeriodId !== undefined) picked.activePeriodId = fields.activePeriodId;
  return picked;
}
