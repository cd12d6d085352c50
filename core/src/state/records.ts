import { compareIds, ENTITIES, EntityName, RecordErrorJson } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { BucketState, HashRange, RecordStatus, StateKeyRow, StateRow } from './rows';
import { foldBuckets, scanBucketDigests, STORED_BUCKET_BITS, storedBucketDigests } from './bucket-digests';
import { chunks, hashInterval, IDS_PER_QUERY, keyset, selectIn } from './sql';

interface RecordDbRow {
  record_id: string;
  entity: string;
  bucket: number | string;
  fingerprint: string;
  marker: string;
  digest: string;
  status: string;
  record_json: string;
  error_json: string | null;
}

/** The columns detection compares with: a full read of an unchanged entity never loads the records' JSON. */
const KEY_COLUMNS = ['record_id', 'entity', 'bucket', 'fingerprint', 'marker', 'digest', 'status'];

function toKeyRow(row: Omit<RecordDbRow, 'record_json' | 'error_json'>): StateKeyRow {
  return {
    entity: row.entity as EntityName,
    id: row.record_id,
    bucket: Number(row.bucket),
    fingerprint: row.fingerprint,
    marker: row.marker,
    digest: row.digest,
    status: row.status as RecordStatus,
  };
}

function toStateRow(row: RecordDbRow): StateRow {
  return { ...toKeyRow(row), recordJson: row.record_json, errorJson: row.error_json };
}

/** Reads of the acknowledged state: what the platform holds and what was kept back. */
export class StateRecords {
  constructor(private readonly db: Knex, private readonly dossierId: string) {}

  /**
   * The entity's records in id order, optionally within one bucket or any of several. Several
   * buckets are read one by one through the bucket index and sorted here: ORed ranges under
   * `ORDER BY record_id` make databases walk the whole entity in id order instead. A list holds a
   * few small leaves (the engine sends at most `MAX_BUCKET_LIST`), so this stays small.
   */
  async *iterate(entity: EntityName, range?: HashRange | readonly HashRange[]): AsyncGenerator<StateKeyRow> {
    if (Array.isArray(range)) {
      const rows: StateKeyRow[] = [];
      for (const one of range as readonly HashRange[]) for await (const row of this.iterate(entity, one)) rows.push(row);
      yield* rows.sort((a, b) => compareIds(a.id, b.id));
      return;
    }
    const interval = range && hashInterval(range as HashRange);
    const query = () => {
      const q = this.db('st_records').select(KEY_COLUMNS).where({ dossier_id: this.dossierId, entity });
      if (interval) q.whereBetween('bucket', [interval.lo, interval.hi]);
      return q;
    };
    for await (const row of keyset<RecordDbRow & Record<string, unknown>>(query, 'record_id', 5000)) yield toKeyRow(row);
  }

  async byIds(entity: EntityName, ids: readonly string[]): Promise<Map<string, StateRow>> {
    const rows = await selectIn<RecordDbRow>(this.db, 'st_records', { dossier_id: this.dossierId, entity }, 'record_id', ids);
    return new Map(rows.map((row) => [row.record_id, toStateRow(row)]));
  }

  /**
   * Count and XOR of fingerprints per bucket at `bits`, over every record seen (sent and
   * quarantined), optionally within a coarser bucket: folded from the stored buckets
   * (`st_buckets`, kept up to date as pages are acknowledged) up to their width, computed from the
   * records below it (within one stored bucket: an indexed range). At most 2^bits entries.
   */
  async bucketDigests(entity: EntityName, bits: number, within?: HashRange): Promise<Map<number, BucketState>> {
    if (bits <= STORED_BUCKET_BITS && (!within || within.bits <= bits)) {
      const stored = await storedBucketDigests(this.db, this.dossierId, entity, within && hashInterval(within, STORED_BUCKET_BITS));
      return foldBuckets(stored, STORED_BUCKET_BITS - bits);
    }
    return scanBucketDigests(this.db, this.dossierId, entity, bits, within && hashInterval(within));
  }

  /** Records that refer to any of `ids` (of `toEntity`), with the id each refers to. */
  async dependants(toEntity: EntityName, ids: readonly string[]): Promise<{ entity: EntityName; id: string; toId: string }[]> {
    const where = { dossier_id: this.dossierId, to_entity: toEntity };
    const rows = await selectIn<{ from_entity: string; from_id: string; to_id: string }>(this.db, 'st_refs', where, 'to_id', ids, ['from_entity', 'from_id', 'to_id']);
    return rows.map((row) => ({ entity: row.from_entity as EntityName, id: row.from_id, toId: row.to_id }));
  }

  /** What these records referred to when they were last acknowledged, by record id. */
  async refsFrom(entity: EntityName, ids: readonly string[]): Promise<Map<string, { toEntity: EntityName; toId: string }[]>> {
    const where = { dossier_id: this.dossierId, from_entity: entity };
    const rows = await selectIn<{ from_id: string; to_entity: string; to_id: string }>(this.db, 'st_refs', where, 'from_id', ids, ['from_id', 'to_entity', 'to_id']);
    const out = new Map<string, { toEntity: EntityName; toId: string }[]>();
    for (const row of rows) out.set(row.from_id, [...(out.get(row.from_id) ?? []), { toEntity: row.to_entity as EntityName, toId: row.to_id }]);
    return out;
  }

  /**
   * The amounts sent matchings with an id before `beforeId` take off these entries' lines, leaving
   * out matchings this changeset replans. The id bound is applied here, in code-point order (the
   * order of the ids' binary collations): in SQL, SQLite ranged over the matching index instead of
   * looking the entries up — every item of every earlier matching, 175 ms a call at 5M lines.
   */
  async matchedItems(entryIds: readonly string[], beforeId: string, changesetId: string): Promise<{ matchingId: string; entryId: string; line: number; amount: number }[]> {
    const out: { matchingId: string; entryId: string; line: number; amount: number }[] = [];
    for (const batch of chunks([...new Set(entryIds)], IDS_PER_QUERY)) {
      const rows = (await this.db('st_match_items as i')
        .select('i.matching_id', 'i.entry_id', 'i.line', 'i.amount')
        .where('i.dossier_id', this.dossierId)
        .whereIn('i.entry_id', batch)
        .whereNotExists(
          this.db('st_staged_records as s')
            .select(this.db.raw('1'))
            .where('s.changeset_id', changesetId)
            .where('s.entity', 'matching')
            .whereRaw('?? = ??', ['s.record_id', 'i.matching_id']),
        )) as { matching_id: string; entry_id: string; line: number; amount: number | string }[];
      for (const row of rows) {
        if (compareIds(row.matching_id, beforeId) >= 0) continue;
        out.push({ matchingId: row.matching_id, entryId: row.entry_id, line: Number(row.line), amount: Number(row.amount) });
      }
    }
    return out;
  }

  async watermark(entity: EntityName): Promise<string | undefined> {
    return (await this.watermarkRow(entity))?.watermark;
  }

  /** How many records held the watermark marker when it was set (undefined: not known, set before migration 005). */
  async tiesAtWatermark(entity: EntityName): Promise<number | undefined> {
    const ties = (await this.watermarkRow(entity))?.ties;
    return ties === null || ties === undefined ? undefined : Number(ties);
  }

  /** Records of the entity the state holds (sent and quarantined), summed from the stored bucket digests. */
  async heldCount(entity: EntityName): Promise<number> {
    const row = (await this.db('st_buckets').where({ dossier_id: this.dossierId, entity }).sum({ n: 'count' }).first()) as { n: number | string | null } | undefined;
    return Number(row?.n ?? 0);
  }

  private async watermarkRow(entity: EntityName): Promise<{ watermark: string; ties: number | string | null } | undefined> {
    return (await this.db('st_watermarks').where({ dossier_id: this.dossierId, entity }).first()) as { watermark: string; ties: number | string | null } | undefined;
  }

  /**
   * Every error of every quarantined record of the dossier, in entity and id order. One query: a
   * quarantine is what a person must look at, so it is small, and the sync result lists it whole.
   * Sorted here: an `ORDER BY entity, record_id` made SQLite walk the dossier's records in primary-key
   * order instead of using the status index (148 ms of every sync at 1M lines, with none quarantined).
   */
  async quarantined(): Promise<RecordErrorJson[]> {
    const rows = (await this.db('st_records')
      .select('entity', 'record_id', 'error_json')
      .where({ dossier_id: this.dossierId, status: 'quarantined' })) as { entity: EntityName; record_id: string; error_json: string | null }[];
    rows.sort((a, b) => ENTITIES.indexOf(a.entity) - ENTITIES.indexOf(b.entity) || compareIds(a.record_id, b.record_id));
    return rows.flatMap((row) => JSON.parse(row.error_json ?? '[]') as RecordErrorJson[]);
  }

  /** How many records the state holds per status: for tests and monitoring. */
  async count(entity?: EntityName): Promise<{ sent: number; quarantined: number }> {
    const q = this.db('st_records').select('status').count({ n: '*' }).where({ dossier_id: this.dossierId }).groupBy('status');
    if (entity) q.where({ entity });
    const rows = (await q) as { status: string; n: number | string }[];
    const counts = { sent: 0, quarantined: 0 };
    for (const row of rows) counts[row.status as RecordStatus] = Number(row.n);
    return counts;
  }
}

