import {
  AdapterCapabilities, AdapterError, AdapterErrorCode, BucketDigest, BucketRange, DigestOptions, DossierInfo, ENTITIES, EntityName, ExtractionAdapter, KeyRecord, ReadOptions,
  SourceRecord, UnknownDossierError,
} from '@ledgersync/sdk';
import { Knex } from 'knex';
import { bucketAt, bucketFilter, Dialect, dialectOf, inBucket, rowsInBuckets } from './dialect';
import { recordText } from './record-text';
import { fromRows, Table, TABLES } from './tables';

type Row = Record<string, unknown>;

/**
 * The generic SQL adapter: one database holds one dossier in the tables of tables.ts. Listings are
 * keyset-paginated in SQL (`ORDER BY id` or `ORDER BY modified, id`, never OFFSET); digests are
 * one aggregate statement per level. No deletion log: the engine finds hard deletes by digests.
 */
export class SqlAdapter implements ExtractionAdapter {
  private readonly sql: Dialect;
  private dossierId?: string;

  constructor(private readonly db: Knex, private readonly pageSize = 1000) {
    this.sql = dialectOf(db);
  }

  capabilities(): AdapterCapabilities {
    return { entities: ENTITIES, markers: 'timestamp', keys: true, digests: true, deletedSince: [], push: false, probe: true, silentChangesPossible: ENTITIES, bucketLists: true };
  }

  async *listDossiers(): AsyncIterable<DossierInfo> {
    const [row] = await this.db('dossier').select('*');
    if (row) yield { id: row.id, name: row.name, currency: row.currency, ...(row.country ? { country: row.country } : {}), ...(row.vat_number ? { vatNumber: row.vat_number } : {}) };
  }

  async *read<E extends EntityName>(dossierId: string, entity: E, options: ReadOptions = {}): AsyncIterable<SourceRecord<E>> {
    await this.checkDossier(dossierId);
    const table = TABLES[entity];
    const bySince = options.since !== undefined;
    let after = options.after !== undefined ? parseCursor(dossierId, entity, options.after, bySince ? 2 : 1) : undefined;
    for (;;) {
      const query = this.db(table.name).select('*', this.db.raw(`${this.sql.fingerprint(recordText(this.sql, table))} AS fp`)).limit(this.pageSize);
      if (options.ranges) query.whereRaw(rowsInBuckets(this.sql, table.name, 'id', options.ranges));
      else if (options.range) query.whereRaw(inBucket(this.sql, 'id', options.range));
      if (bySince) {
        query.where('modified', '>=', options.since!).orderBy([{ column: 'modified' }, { column: 'id' }]);
        if (after) query.where((q) => q.where('modified', '>', after![0]).orWhere((q2) => q2.where('modified', after![0]).andWhere('id', '>', after![1])));
      } else {
        query.orderBy('id');
        if (after) query.where('id', '>', after[0]);
      }
      const rows: Row[] = await query;
      const children = await this.childrenOf(table, rows.map((row) => String(row.id)));
      for (const row of rows) {
        const id = String(row.id);
        after = bySince ? [String(row.modified), id] : [id];
        yield { id, marker: String(row.modified), fingerprint: String(row.fp), cursor: JSON.stringify(after), record: fromRows(table, row, children.get(id) ?? []) as unknown as SourceRecord<E>['record'] };
      }
      if (rows.length < this.pageSize) return;
    }
  }

  async *keys(dossierId: string, entity: EntityName, range?: BucketRange): AsyncIterable<KeyRecord> {
    await this.checkDossier(dossierId);
    let after: string | undefined;
    for (;;) {
      const query = this.db(TABLES[entity].name).select('id', 'modified').orderBy('id').limit(this.pageSize);
      if (range) query.whereRaw(inBucket(this.sql, 'id', range));
      if (after !== undefined) query.where('id', '>', after);
      const rows: Row[] = await query;
      for (const row of rows) yield { id: String(row.id), marker: String(row.modified) };
      if (rows.length < this.pageSize) return;
      after = String(rows[rows.length - 1].id);
    }
  }

  /**
   * One statement (the dialect's): each record counts 1 and XORs its fingerprint, the same `read`
   * reports, into its id's bucket. Child rows without a parent row are in no record, so in no digest.
   */
  async *digests(dossierId: string, entity: EntityName, options: DigestOptions): AsyncIterable<BucketDigest> {
    await this.checkDossier(dossierId);
    const table = TABLES[entity];
    // the whole key space as a range when there is a bucket index: the scan then reads buckets from it
    const within = options.within ?? (this.sql.indexedBuckets ? { bits: 0, value: 0 } : undefined);
    const filter = bucketFilter(this.sql, 'id', options.ranges ? { ranges: options.ranges } : { range: within });
    const statement = this.sql.digestStatement({ table: table.name, bucket: bucketAt(this.sql, 'id', options.bits), filter, text: recordText(this.sql, table) });
    yield* this.sql.digestRows(await this.rawRows(statement));
  }

  /** Row counts and latest markers of every table: cheap, and changes with every stamped write. */
  async probe(dossierId: string): Promise<string> {
    await this.checkDossier(dossierId);
    const parts = ENTITIES.map((entity) => `SELECT '${entity}' AS e, COUNT(*) AS n, MAX(modified) AS m FROM \`${TABLES[entity].name}\``);
    return JSON.stringify((await this.rawRows(parts.join(' UNION ALL '))).map((row) => [row.e, Number(row.n), row.m]));
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  private async childrenOf(table: Table, ids: string[]): Promise<Map<string, Row[]>> {
    const byParent = new Map<string, Row[]>();
    if (!table.child || ids.length === 0) return byParent;
    const { table: child, parentKey, order } = table.child;
    const rows: Row[] = await this.db(child.name).select('*').whereIn(parentKey, ids).orderBy([parentKey, order]);
    for (const row of rows) {
      const list = byParent.get(String(row[parentKey])) ?? [];
      list.push(row);
      byParent.set(String(row[parentKey]), list);
    }
    return byParent;
  }

  private async rawRows(sql: string): Promise<Row[]> {
    const result = await this.db.raw(sql);
    // mysql2 answers [rows, fields]; better-sqlite3 the rows
    return (this.db.client.config.client === 'mysql2' ? result[0] : result) as Row[];
  }

  private async checkDossier(dossierId: string): Promise<void> {
    this.dossierId ??= (await this.db('dossier').first('id'))?.id;
    if (this.dossierId !== dossierId) throw new UnknownDossierError(dossierId);
  }
}

/** A cursor this listing gave: its key as a JSON array of strings (`[id]`, or `[marker, id]` after `since`). */
function parseCursor(dossierId: string, entity: EntityName, cursor: string, length: number): string[] {
  let key: unknown;
  try {
    key = JSON.parse(cursor);
  } catch {
    key = undefined;
  }
  if (Array.isArray(key) && key.length === length && key.every((part) => typeof part === 'string')) return key;
  throw new AdapterError(AdapterErrorCode.Source, `dossier ${dossierId}, ${entity}: cursor ${JSON.stringify(cursor)} is not one this listing gave`);
}
