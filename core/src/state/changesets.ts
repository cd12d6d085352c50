import { ENTITIES, EntityName } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { DetectionMethod, SyncKind } from '../changeset/types';
import { chunks, IDS_PER_QUERY, insertRows, keyset } from './sql';

export type ChangesetStatus = 'planning' | 'sending' | 'done';

/** What planning found, kept with the changeset so that a resumed run reports and finishes it alike. */
export interface ChangesetPlan {
  watermarks: Partial<Record<EntityName, string>>;
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

/** A record the page being acknowledged carries. */
export interface PageRecord {
  entity: EntityName;
  id: string;
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
  async acknowledge(changeset: ChangesetRecord, sequence: number, records: readonly PageRecord[], last: boolean): Promise<void> {
    await this.db.transaction(async (trx) => {
      const byEntity = new Map<EntityName, string[]>();
      for (const r of records) {
        const ids = byEntity.get(r.entity);
        if (ids) ids.push(r.id);
        else byEntity.set(r.entity, [r.id]);
      }
      for (const [entity, ids] of byEntity) await applyRecords(trx, changeset, entity, ids);
      if (last) {
        for (const entity of ENTITIES) {
          const query = () => trx('st_staged_plan').select('record_id').where({ changeset_id: changeset.changesetId, entity, op: 'none' });
          let batch: string[] = [];
          for await (const row of keyset<{ record_id: string }>(query, 'record_id', IDS_PER_QUERY)) {
            batch.push(row.record_id);
            if (batch.length === IDS_PER_QUERY) {
              await applyRecords(trx, changeset, entity, batch);
              batch = [];
            }
          }
          await applyRecords(trx, changeset, entity, batch);
        }
        for (const [entity, watermark] of Object.entries(changeset.plan?.watermarks ?? {})) {
          await trx('st_watermarks').where({ dossier_id: changeset.dossierId, entity }).delete();
          await trx('st_watermarks').insert({ dossier_id: changeset.dossierId, entity, watermark });
        }
      }
      await trx('st_changesets').where({ changeset_id: changeset.changesetId }).update({ last_acked: sequence });
    });
  }
}

async function clearStaged(db: Knex | Knex.Transaction, changesetId: string): Promise<void> {
  for (const table of ['st_staged_items', 'st_staged_plan', 'st_staged_records']) {
    await db(table).where({ changeset_id: changesetId }).delete();
  }
}

/** Replaces the state of these records (and their references, matched amounts) by what was planned. */
async function applyRecords(trx: Knex.Transaction, changeset: ChangesetRecord, entity: EntityName, ids: readonly string[]): Promise<void> {
  const dossier = changeset.dossierId;
  const cs = changeset.changesetId;
  for (const batch of chunks(ids, IDS_PER_QUERY)) {
    if (batch.length === 0) continue;
    const staged = (await trx('st_staged_records').where({ changeset_id: cs, entity }).whereIn('record_id', batch)) as Record<string, unknown>[];
    const plans = (await trx('st_staged_plan').where({ changeset_id: cs, entity }).whereIn('record_id', batch)) as {
      record_id: string;
      status: string;
      error_json: string | null;
      refs_json: string | null;
    }[];
    const planOf = new Map(plans.map((p) => [p.record_id, p]));
    await trx('st_records').where({ dossier_id: dossier, entity }).whereIn('record_id', batch).delete();
    const rows = staged
      .filter((s) => planOf.get(s.record_id as string) && planOf.get(s.record_id as string)!.status !== 'gone')
      .map((s) => {
        const plan = planOf.get(s.record_id as string)!;
        return {
          dossier_id: dossier,
          entity,
          record_id: s.record_id,
          bucket: s.bucket,
          fingerprint: s.fingerprint,
          marker: s.marker,
          digest: s.digest,
          status: plan.status,
          record_json: s.record_json,
          error_json: plan.error_json,
        };
      });
    await insertRows(trx, 'st_records', rows);
    await trx('st_refs').where({ dossier_id: dossier, from_entity: entity }).whereIn('from_id', batch).delete();
    const refs = plans.flatMap((p) =>
      (JSON.parse(p.refs_json ?? '[]') as [string, string][]).map(([toEntity, toId]) => ({ dossier_id: dossier, from_entity: entity, from_id: p.record_id, to_entity: toEntity, to_id: toId })),
    );
    await insertRows(trx, 'st_refs', refs);
    if (entity === 'matching') {
      await trx('st_match_items').where({ dossier_id: dossier }).whereIn('matching_id', batch).delete();
      const items = (await trx('st_staged_items').where({ changeset_id: cs }).whereIn('matching_id', batch)) as Record<string, unknown>[];
      await insertRows(
        trx,
        'st_match_items',
        items.map((i) => ({ dossier_id: dossier, matching_id: i.matching_id, entry_id: i.entry_id, line: i.line, amount: i.amount })),
      );
    }
  }
}
