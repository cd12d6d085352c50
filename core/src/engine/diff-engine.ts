import { demandsFullResync, ENTITIES, EntityName, ExtractionAdapter, Logger, Proposal } from '@ledgersync/sdk';
import { randomUUID } from 'node:crypto';
import { ChangesetReceiver, DetectionMethod, NO_MARKER, SyncKind } from '../changeset/types';
import { ChangesetPlan, ChangesetRecord, StateStore } from '../state';
import { guardedCall } from './adapter-calls';
import { DiffEngine, SyncOptions, SyncResult } from './api';
import { ReadTally, Stager, SyncContext } from './context';
import { chooseMethod, detectChanges } from './detect/ladder';
import { readDeletionLog } from './detect/deletion-log';
import { readDossierFacts } from './dossier-facts';
import { EngineOptionError, SyncAbortedError } from './errors';
import { planChangeset } from './plan/planner';
import { sendChangeset } from './send';
import { stagedFromSource } from './staged-source';

export interface DiffEngineOptions {
  store: StateStore;
  logger?: Logger;
}

const DEFAULT_PAGE_SIZE = 500;

export function createDiffEngine(options: DiffEngineOptions): DiffEngine {
  return new StateStoreDiffEngine(options.store, options.logger);
}

/**
 * The diff engine over a state store. A run first finishes the dossier's unfinished changeset if
 * an earlier run was interrupted while sending it (and returns that, `resumed: true`); otherwise it
 * detects, plans and sends a new one.
 */
class StateStoreDiffEngine implements DiffEngine {
  constructor(private readonly store: StateStore, private readonly logger?: Logger) {}

  async sync(adapter: ExtractionAdapter, dossierId: string, options: SyncOptions): Promise<SyncResult> {
    const pageSize = checkPageSize(options.pageSize);
    const resumed = await this.resumable(dossierId);
    if (resumed) return this.send(resumed, options.receiver, true, options.signal);
    const capabilities = await guardedCall('capabilities', dossierId, undefined, async () => adapter.capabilities());
    const facts = await readDossierFacts(adapter, dossierId);
    const changeset = await this.start(dossierId, options.kind, pageSize);
    const ctx = { ...this.context(adapter, capabilities, dossierId, changeset.changesetId), facts };
    const entities = ENTITIES.filter((e) => capabilities.entities.includes(e));
    const methods: Partial<Record<EntityName, DetectionMethod>> = {};
    const watermarks: Partial<Record<EntityName, string>> = {};
    const previous: Partial<Record<EntityName, string>> = {};
    for (const entity of entities) {
      previous[entity] = await ctx.records.watermark(entity);
      const watermark = options.kind === 'full' ? undefined : previous[entity];
      methods[entity] = chooseMethod(capabilities, entity, watermark, adapter.keys !== undefined, adapter.digests !== undefined);
      if (watermark !== undefined) watermarks[entity] = watermark;
    }
    const logged = entities.filter((e) => methods[e] === 'deletion-log');
    if (logged.length > 0 && adapter.deletedSince) {
      const since = logged.map((e) => watermarks[e]!).sort()[0];
      try {
        await readDeletionLog(ctx, new Set(logged), since);
      } catch (error) {
        if (!demandsFullResync(error)) throw error;
        // the log no longer reaches back to our watermark: read those entities whole instead
        this.logger?.warn('deletion log too old; reading in full', { dossierId, entities: logged });
        for (const entity of logged) methods[entity] = 'full-read';
      }
    }
    const detecting = Date.now();
    for (const entity of entities) {
      if (options.signal?.aborted) throw new SyncAbortedError(dossierId, changeset.changesetId, 0);
      methods[entity] = await detectChanges(ctx, entity, methods[entity]!, watermarks[entity]);
    }
    await ctx.stager.flush();
    this.logger?.debug('changes detected', { dossierId, changesetId: changeset.changesetId, ms: Date.now() - detecting, rowsRead: ctx.tally.total() });
    const ties: Partial<Record<EntityName, number>> = {};
    for (const entity of entities) {
      const seen = ctx.tally.maxMarker[entity];
      if (seen !== undefined && (watermarks[entity] === undefined || seen > watermarks[entity]!)) {
        watermarks[entity] = seen;
        ties[entity] = ctx.tally.atMax[entity] ?? 0;
      }
      // an entity read in full and found empty is synced too: the next incremental lists it from the start
      if (watermarks[entity] === undefined) {
        watermarks[entity] = NO_MARKER;
        ties[entity] = 0;
      }
    }
    const planning = Date.now();
    const outcome = await planChangeset(ctx, { cascade: true });
    this.logger?.debug('changeset planned', { dossierId, changesetId: changeset.changesetId, ms: Date.now() - planning, ...outcome });
    const moved = Object.fromEntries(Object.entries(watermarks).filter(([entity, mark]) => previous[entity as EntityName] !== mark));
    const movedTies = Object.fromEntries(Object.keys(moved).filter((entity) => ties[entity as EntityName] !== undefined).map((entity) => [entity, ties[entity as EntityName]]));
    const plan: ChangesetPlan = { watermarks: moved, ties: movedTies, methods, rowsRead: ctx.tally.rows, ...outcome };
    return this.send(await this.planned(changeset, plan), options.receiver, false, options.signal);
  }

  async pushProposals(adapter: ExtractionAdapter, dossierId: string, proposals: Proposal[], receiver: ChangesetReceiver): Promise<SyncResult> {
    const unfinished = await this.resumable(dossierId);
    if (unfinished) await this.send(unfinished, receiver, true);
    const capabilities = await guardedCall('capabilities', dossierId, undefined, async () => adapter.capabilities());
    const facts = await readDossierFacts(adapter, dossierId);
    const changeset = await this.start(dossierId, 'proposal', DEFAULT_PAGE_SIZE);
    const ctx = { ...this.context(adapter, capabilities, dossierId, changeset.changesetId), facts };
    for (const proposal of proposals) {
      const entry = await guardedCall('push', dossierId, 'entry', () => {
        if (!adapter.push || !capabilities.push) throw new EngineOptionError('adapter', 'this adapter does not offer push');
        return adapter.push(dossierId, proposal);
      });
      ctx.tally.count('entry');
      await ctx.stager.add(stagedFromSource('entry', entry));
    }
    await ctx.stager.flush();
    const outcome = await planChangeset(ctx, { cascade: false });
    const plan: ChangesetPlan = { watermarks: {}, methods: { entry: 'pushed' }, rowsRead: ctx.tally.rows, ...outcome };
    return this.send(await this.planned(changeset, plan), receiver, false);
  }

  /** The dossier's changeset interrupted while being sent; one interrupted while being planned is dropped (nothing of it was sent). */
  private async resumable(dossierId: string): Promise<ChangesetRecord | undefined> {
    const unfinished = await this.store.changesets.unfinished(dossierId);
    if (unfinished?.status === 'planning') {
      await this.store.changesets.discard(unfinished.changesetId);
      return undefined;
    }
    return unfinished;
  }

  private async start(dossierId: string, kind: SyncKind, pageSize: number): Promise<ChangesetRecord> {
    const changesetId = randomUUID();
    const startedAt = new Date().toISOString();
    await this.store.changesets.create({ changesetId, dossierId, kind, pageSize, startedAt });
    return (await this.store.changesets.get(changesetId))!;
  }

  private async planned(changeset: ChangesetRecord, plan: ChangesetPlan): Promise<ChangesetRecord> {
    const opCount = await this.store.staging(changeset.changesetId).countOps();
    await this.store.changesets.planned(changeset.changesetId, opCount, plan);
    return (await this.store.changesets.get(changeset.changesetId))!;
  }

  private context(adapter: ExtractionAdapter, capabilities: SyncContext['capabilities'], dossierId: string, changesetId: string): SyncContext {
    const staging = this.store.staging(changesetId);
    return {
      adapter,
      capabilities,
      dossierId,
      store: this.store,
      records: this.store.records(dossierId),
      staging,
      stager: new Stager(staging),
      tally: new ReadTally(),
      logger: this.logger,
    };
  }

  private async send(changeset: ChangesetRecord, receiver: ChangesetReceiver, resumed: boolean, signal?: AbortSignal): Promise<SyncResult> {
    const sending = Date.now();
    const sent = await sendChangeset(this.store, changeset, receiver, { signal, logger: this.logger });
    const plan = changeset.plan!;
    const read = Object.values(plan.rowsRead).reduce((sum, n) => sum + (n ?? 0), 0);
    this.logger?.info('changeset sent', { dossierId: changeset.dossierId, changesetId: changeset.changesetId, pages: sent.pages, read, resumed, ms: Date.now() - sending });
    return {
      changesetId: changeset.changesetId,
      dossierId: changeset.dossierId,
      kind: changeset.kind,
      resumed,
      counts: { read, upserted: plan.upserted, deleted: plan.deleted, quarantined: sent.quarantined.length },
      methods: plan.methods,
      rowsRead: plan.rowsRead,
      pages: sent.pages,
      bytes: sent.bytes,
      quarantined: sent.quarantined,
    };
  }
}

function checkPageSize(pageSize: number | undefined): number {
  if (pageSize === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new EngineOptionError('pageSize', `must be a positive integer, got ${pageSize}`);
  return pageSize;
}
