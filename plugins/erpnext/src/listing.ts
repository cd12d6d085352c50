import { Knex } from 'knex';
import { BucketDigest, BucketRange, ChangeMarker, Cursor, DigestOptions, EntityName, KeyRecord, ReadOptions, SourceRecord } from '@ledgersync/sdk';
import { EntityMapping, KeyFilter, Row, Scope, SqlValue } from './entities';
import { markerSql, markerToDatetime } from './markers';
import { bucketSql, xorSql } from './sql/digest-sql';
import { selectRows } from './sql/query';

/** Ids compare as bytes (utf8mb4): code-point order, which is JavaScript's code-unit order outside the astral planes. */
const ID_ORDER = 'CAST(r.id AS BINARY)';

interface Page {
  rows: Row[];
  last?: Row;
}

/**
 * Listings over one entity's SELECT (see EntityMapping): keyset pages in (modified, id) or id
 * order, so a listing of millions of records holds one page at a time, and a cursor resumes it.
 * Cursors carry the raw DATETIME and id of the last record: `[modified, id]` or `[id]`.
 */
export class EntityListing<E extends EntityName> {
  constructor(private readonly db: Knex, private readonly mapping: EntityMapping<E>, private readonly scope: Scope, private readonly pageSize: number) {}

  async *read(options: ReadOptions = {}): AsyncIterable<SourceRecord<E>> {
    const bySince = options.since !== undefined;
    for await (const row of this.rows(options)) {
      const cursor: Cursor = JSON.stringify(bySince ? [row.modified, row.id] : [row.id]);
      yield this.sourceRecord(row, cursor);
    }
  }

  async *keys(range?: BucketRange): AsyncIterable<KeyRecord> {
    for await (const row of this.rows({ range })) yield { id: String(row.id), marker: row.marker as ChangeMarker, fingerprint: String(row.fp) };
  }

  /** One aggregate statement: per bucket, the count and XOR of the fingerprints `read` reports. */
  async *digests(options: DigestOptions): AsyncIterable<BucketDigest> {
    // `ranges` (bucket lists): one statement, each row's bucket computed once, however many buckets differ
    const filter = keyFilter({ range: options.within, ranges: options.ranges });
    const base = this.mapping.sql(this.scope, filter);
    const where = filter.conditions('r.id');
    // bits inline (checked): a binding here would land between the WITH clause's and the SELECT's
    if (!Number.isInteger(options.bits) || options.bits < 0 || options.bits > 32) throw new RangeError(`bucket bits must be 0..32, got ${options.bits}`);
    const bindings: SqlValue[] = [...base.bindings, ...filter.bindings];
    const sql = `${base.with ?? ''} SELECT ${bucketSql('r.id', String(options.bits))} AS bucket, COUNT(*) AS count, ${xorSql('r.fp')} AS xorfp
      FROM (${base.select}) r ${where.length ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY bucket ORDER BY bucket`;
    const rows = await selectRows(this.db, sql, bindings, this.what('digests'));
    for (const row of rows) yield { bucket: Number(row.bucket), count: Number(row.count), xor: String(row.xorfp) };
  }

  /** The record with this id, or undefined. */
  async find(id: string): Promise<SourceRecord<E> | undefined> {
    const filter = keyFilter({ id });
    const base = this.mapping.sql(this.scope, filter);
    const sql = `${base.with ?? ''} SELECT r.*, ${markerSql('r.modified')} AS marker FROM (${base.select}) r WHERE ${filter.conditions('r.id').join(' AND ')}`;
    const rows = await selectRows(this.db, sql, [...base.bindings, ...filter.bindings], this.what('read'));
    if (rows.length === 0) return undefined;
    return this.sourceRecord(rows[0], JSON.stringify([rows[0].id]));
  }

  private what(operation: string): string {
    return `dossier ${this.scope.company}, ${this.mapping.entity} ${operation}`;
  }

  private sourceRecord(row: Row, cursor: Cursor): SourceRecord<E> {
    return { id: String(row.id), marker: row.marker as ChangeMarker, fingerprint: String(row.fp), cursor, record: this.mapping.toRecord(row, this.scope) };
  }

  private async *rows(options: ReadOptions): AsyncIterable<Row> {
    let after: SqlValue[] | undefined = options.after !== undefined ? (JSON.parse(options.after) as SqlValue[]) : undefined;
    for (;;) {
      const page = await this.page(options, after);
      yield* page.rows;
      if (page.rows.length < this.pageSize || !page.last) return;
      after = options.since !== undefined ? [page.last.modified as string, page.last.id as string] : [page.last.id as string];
    }
  }

  private async page(options: ReadOptions, after?: SqlValue[]): Promise<Page> {
    const since = options.since !== undefined ? markerToDatetime(options.since) : undefined;
    // in id order the keyset condition is on the id alone, and goes inside with the bucket
    let filter = keyFilter({ range: options.range, ranges: options.ranges, after: since === undefined ? after?.[0] : undefined, since });
    if (since === undefined && this.mapping.keyPage) {
      const keys = this.mapping.keyPage(this.scope, filter, this.pageSize);
      const ids = (await selectRows(this.db, keys.select, keys.bindings, this.what('read'))).map((row) => String(row.id));
      if (ids.length === 0) return { rows: [] };
      filter = keyFilter({ ids });
    }
    const base = this.mapping.sql(this.scope, filter);
    const where = filter.conditions('r.id');
    const bindings: SqlValue[] = [...base.bindings, ...filter.bindings];
    if (since !== undefined) {
      where.push('r.modified >= ?');
      bindings.push(since);
    }
    if (after && since !== undefined) {
      where.push(`(r.modified > ? OR (r.modified = ? AND ${ID_ORDER} > CAST(? AS BINARY)))`);
      bindings.push(after[0], after[0], after[1]);
    }
    const order = options.since !== undefined ? `r.modified, ${ID_ORDER}` : ID_ORDER;
    const sql = `${base.with ?? ''} SELECT r.*, ${markerSql('r.modified')} AS marker FROM (${base.select}) r
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ${this.pageSize}`;
    const rows = await selectRows(this.db, sql, bindings, this.what('read'));
    return { rows, last: rows[rows.length - 1] };
  }
}

/** The id conditions of a listing, for the mapping to apply inside and the listing outside. */
function keyFilter(options: { range?: BucketRange; ranges?: readonly BucketRange[]; after?: SqlValue; id?: string; ids?: string[]; since?: string }): KeyFilter {
  const inBuckets = options.ranges ? bucketListSql(options.ranges) : undefined;
  const bindings: SqlValue[] = [...(options.ids ?? [])];
  if (options.range) bindings.push(options.range.bits, options.range.value);
  if (inBuckets) bindings.push(...inBuckets.bindings);
  if (options.after !== undefined) bindings.push(options.after);
  if (options.id !== undefined) bindings.push(options.id);
  return {
    conditions: (key) => [
      ...(options.ids ? [`${key} IN (${options.ids.map(() => '?').join(', ')})`] : []),
      ...(options.range ? [`${bucketSql(key)} = ?`] : []),
      ...(inBuckets ? [inBuckets.condition(key)] : []),
      ...(options.after !== undefined ? [`CAST(${key} AS BINARY) > CAST(? AS BINARY)`] : []),
      ...(options.id !== undefined ? [`${key} = ?`] : []),
    ],
    bindings,
    since: options.since,
  };
}

/**
 * The id falls in any of `ranges` (`ReadOptions.ranges`, `DigestOptions.ranges`). Of one width,
 * as the engine sends them: the bucket at that width `IN` a list of bound values, so MariaDB
 * computes each row's MD5 once (no index can serve the bucket: any bucket filter is a pass over
 * the rows, and a list makes it one pass instead of one per bucket). Mixed widths: ORed single
 * buckets. No range: no row. Bits and values are bound, never written into the SQL.
 */
function bucketListSql(ranges: readonly BucketRange[]): { condition: (key: string) => string; bindings: SqlValue[] } {
  if (ranges.length === 0) return { condition: () => '1 = 0', bindings: [] };
  for (const range of ranges) {
    if (!Number.isInteger(range.bits) || range.bits < 0 || range.bits > 32) throw new RangeError(`bucket bits must be 0..32, got ${range.bits}`);
  }
  const bits = ranges[0].bits;
  if (ranges.every((range) => range.bits === bits)) {
    const values = [...new Set(ranges.map((range) => range.value >>> 0))];
    return { condition: (key) => `${bucketSql(key)} IN (${values.map(() => '?').join(', ')})`, bindings: [bits, ...values] };
  }
  return {
    condition: (key) => `(${ranges.map(() => `${bucketSql(key)} = ?`).join(' OR ')})`,
    bindings: ranges.flatMap((range) => [range.bits, range.value >>> 0]),
  };
}
