import { ENTITIES, EntityName } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { DetectionMethod, SyncKind } from '../changeset/types';
import { BucketDeltas } from './bucket-digests';
import { StateInconsistentError } from './errors';
import { PlanRow, StagedRow } from './rows';
import { chunks, deleteIn, IDS_PER_QUERY, insertRows, keyset, selectIn } from './sql';
import { PlanDbRow, StagedDbRow, toPlan, toStaged } from './staged-db-rows';

export type ChangesetStatus = 'planning' | 'sending' | 'done';

/** What planning found, kept with the changeset so that a resumed run reports and finishes it alike. */
export interface ChangesetPlan {
  watermarks: Partial<Record<EntityName, string>>;
  /** Per entity whose watermark moved, how many records the source showed at the new one. */
  ties?: Partial<Record<EntityName, number>>;
  methods: Partial<Record<EntityName, DetectionMethod>>;
  rowsRead: Partial<Record<EntityName, number>>;
  upserted: number;
  deleted: number;
}

export interface ChangesetRecord {
  changesetId: string;
  dossierId: string;
  kind: SyncKind;
  status: ChangesetStatus;
  pageSize: number;
  opCount: number;
  lastAcked: number;
  startedAt: string;
  plan: ChangesetPlan | null;
}

interface ChangesetDbRow {
  changeset_id: string;
  dossier_id: string;
  kind: string;
  status: string;
  page_size: number;
  op_count: number;
  last_acked: number;
  started_at: string;
  plan_json: string | null;
}

function toRecord(row: ChangesetDbRow): ChangesetRecord {
  return {
    changesetId: row.changeset_id,
    dossierId: row.dossier_id,
    kind: row.kind as SyncKind,
    status: row.status as ChangesetStatus,
    pageSize: Number(row.page_size),
    opCount: Number(row.op_count),
    lastAcked: Number(row.last_acked),
    startedAt: row.started_at,
    plan: row.plan_json ? (JSON.parse(row.plan_json) as ChangesetPlan) : null,
  };
}

/** A record as a page applies it to the state: its plan and, unless it is gone, what the source showed. */
export interface AppliedRecord {
  plan: PlanRow;
  staged?: StagedRow;
}

/**
 * Changesets and the one thing that advances the state: {@link Changesets.acknowledge}, which
 * applies what a page carried in one transaction together with the page's sequence.
 */
export class Changesets {
  constructor(private readonly db: Knex) {}

  async create(record: Omit<ChangesetRecord, 'status' | 'opCount' | 'lastAcked' | 'plan'>): Promise<void> {
    await this.db('st_changesets').insert({
      changeset_id: record.changesetId,
      dossier_id: record.dossierId,
      kind: record.kind,
      status: 'planning',
      page_size: record.pageSize,
      started_at: record.startedAt,
    });
  }

  /** The dossier's unfinished changeset, if an earlier run stopped before completing it. */
  async unfinished(dossierId: string): Promise<ChangesetRecord | undefined> {
    const row = (await this.db('st_changesets').where({ dossier_id: dossierId }).whereNot('status', 'done').orderBy('started_at', 'desc').first()) as
      | ChangesetDbRow
      | undefined;
    return row && toRecord(row);
  }

  async get(changesetId: string): Promise<ChangesetRecord | undefined> {
    const row = (await this.db('st_changesets').where({ changeset_id: changesetId }).first()) as ChangesetDbRow | undefined;
    return row && toRecord(row);
  }

  /** Planning is over: from now on the changeset is resumed rather than planned again. */
  async planned(changesetId: string, opCount: number, plan: ChangesetPlan): Promise<void> {
    await this.db('st_changesets').where({ changeset_id: changesetId }).update({ status: 'sending', op_count: opCount, plan_json: JSON.stringify(plan) });
  }

  /** Drops a changeset whose planning was interrupted: nothing of it was sent. */
  async discard(changesetId: string): Promise<void> {
    await this.db.transaction(async (trx) => {
      await clearStaged(trx, changesetId);
      await trx('st_changesets').where({ changeset_id: changesetId }).delete();
    });
  }

  async finish(changesetId: string, finishedAt: string): Promise<void> {
    await this.db.transaction(async (trx) => {
      await clearStaged(trx, changesetId);
      await trx('st_changesets').where({ changeset_id: changesetId }).update({ status: 'done', finished_at: finishedAt });
    });
  }

  /**
   * The receiver acknowledged page `sequence`: in one transaction, the state takes the records the
   * page carried (and, with the last page, the records planned without an operation and the
   * watermarks), and the changeset remembers the sequence. A crash before the commit leaves the
   * state as it was and the page unacknowledged; after it, the page is never sent again.
   */
  async acknowledge(changeset: ChangesetRecord, sequence: number, records: readonly AppliedRecord[], last: boolean): Promise<void> {
    await this.db.transaction(async (trx) => {
      const buckets = new BucketDeltas();
      const byEntity = new Map<EntityName, AppliedRecord[]>();
      for (const r of records) {
        const list = byEntity.get(r.plan.entity);
        if (list) list.push(r);
        else byEntity.set(r.plan.entity, [r]);
      }
      for (const [entity, list] of byEntity) await applyRecords(trx, changeset, entity, list, buckets);
      if (last) {
        for (const entity of ENTITIES) {
          const query = () => trx('st_staged_plan').select('record_id').where({ changeset_id: changeset.changesetId, entity, op: 'none' });
          let batch: string[] = [];
          const apply = async () => applyRecords(trx, changeset, entity, await loadApplied(trx, changeset.changesetId, entity, batch), buckets);
          for await (const row of keyset<{ record_id: string }>(query, 'record_id', IDS_PER_QUERY)) {
            batch.push(row.record_id);
            if (batch.length === IDS_PER_QUERY) {
              await apply();
              batch = [];
            }
          }
          await apply();
        }
        for (const [entity, watermark] of Object.entries(changeset.plan?.watermarks ?? {})) {
          await trx('st_watermarks').where({ dossier_id: changeset.dossierId, entity }).delete();
          const ties = changeset.plan?.ties?.[entity as EntityName] ?? null;
          await trx('st_watermarks').insert({ dossier_id: changeset.dossierId, entity, watermark, ties });
        }
      }
      await buckets.write(trx, changeset.dossierId);
      await trx('st_changesets').where({ changeset_id: changeset.changesetId }).update({ last_acked: sequence });
    });
  }
}

async function clearStaged(db: Knex | Knex.Transaction, changesetId: string): Promise<void> {
  for (const table of ['st_staged_items', 'st_staged_plan', 'st_staged_records']) {
    await db(table).where({ changeset_id: changesetId }).delete();
  }
}

/** The plans and staged rows of these records of the changeset. */
async function loadApplied(db: Knex | Knex.Transaction, changesetId: string, entity: EntityName, ids: readonly string[]): Promise<AppliedRecord[]> {
  const where = { changeset_id: changesetId, entity };
  const plans = await selectIn<PlanDbRow>(db, 'st_staged_plan', where, 'record_id', ids);
  const staged = new Map((await selectIn<StagedDbRow>(db, 'st_staged_records', where, 'record_id', ids)).map((row) => [row.record_id, toStaged(row)]));
  return plans.map((row) => ({ plan: toPlan(row), staged: staged.get(row.record_id) }));
}

/** Replaces the state of these records (and their references, matched amounts, bucket digests) by what was planned. */
async function applyRecords(trx: Knex.Transaction, changeset: ChangesetRecord, entity: EntityName, records: readonly AppliedRecord[], buckets: BucketDeltas): Promise<void> {
  const dossier = changeset.dossierId;
  for (const batch of chunks(records, IDS_PER_QUERY)) {
    if (batch.length === 0) continue;
    const ids = batch.map((r) => r.plan.id);
    const leaving = await selectIn<{ bucket: number | string; fingerprint: string }>(trx, 'st_records', { dossier_id: dossier, entity }, 'record_id', ids, ['bucket', 'fingerprint']);
    for (const row of leaving) buckets.removed(entity, Number(row.bucket), row.fingerprint);
    await deleteIn(trx, 'st_records', { dossier_id: dossier, entity }, 'record_id', ids);
    const kept = batch.filter((r) => r.plan.status !== 'gone');
    const rows = kept.map(({ plan, staged }) => {
      if (!staged) throw new StateInconsistentError(changeset.changesetId, entity, plan.id, `planned ${plan.status} but never staged`);
      if (staged.bucket === null || staged.fingerprint === null) throw new StateInconsistentError(changeset.changesetId, entity, plan.id, `planned ${plan.status} but staged as gone`);
      buckets.added(entity, staged.bucket, staged.fingerprint);
      return {
        dossier_id: dossier,
        entity,
        record_id: plan.id,
        bucket: staged.bucket,
        fingerprint: staged.fingerprint,
        marker: staged.marker,
        digest: staged.digest,
        status: plan.status,
        record_json: staged.recordJson,
        error_json: plan.errorJson,
      };
    });
    await insertRows(trx, 'st_records', rows);
    await deleteIn(trx, 'st_refs', { dossier_id: dossier, from_entity: entity }, 'from_id', ids);
    const refs = kept.flatMap(({ plan }) =>
      (JSON.parse(plan.refsJson ?? '[]') as [string, string][]).map(([toEntity, toId]) => ({ dossier_id: dossier, from_entity: entity, from_id: plan.id, to_entity: toEntity, to_id: toId })),
    );
    await insertRows(trx, 'st_refs', refs);
    if (entity === 'matching') {
      await deleteIn(trx, 'st_match_items', { dossier_id: dossier }, 'matching_id', ids);
      const items = await selectIn<Record<string, unknown>>(trx, 'st_staged_items', { changeset_id: changeset.changesetId }, 'matching_id', ids);
      await insertRows(
        trx,
        'st_match_items',
        items.map((i) => ({ dossier_id: dossier, matching_id: i.matching_id, entry_id: i.entry_id, line: i.line, amount: i.amount })),
      );
    }
  }
}
