import { EntityName, EntityRecordMap } from '../../model/entities';
import { compareIds } from '../../model/validity';
import { BucketDigest, BucketRange, DigestOptions, KeyRecord, ReadOptions, SourceRecord } from '../contract';
import { AdapterError, AdapterErrorCode } from '../errors';
import { xorFingerprints, ZERO_FINGERPRINT } from '../fingerprint';
import { SqlDialect, SqlDialectName } from './dialect';
import { SQL_DIALECTS } from './dialects';

/**
 * Runs one statement with `?` bindings and returns its rows: the only thing the helper asks of a
 * connection (knex: `(sql, b) => db.raw(sql, b)` and its rows; pg: number the placeholders, see
 * `numberedPlaceholders`). No driver is a dependency of the SDK.
 */
export interface SqlRunner {
  query(sql: string, bindings: readonly unknown[]): Promise<Record<string, unknown>[]>;
}

/**
 * The package's query for one entity: a SELECT whose rows have at least `id` (text), `marker`
 * (text that sorts as the markers do, e.g. ISO-8601 UTC) and `text` (the record's text, hashed for
 * its fingerprint: quote each cell or build a JSON array, see fingerprint.ts), and whatever
 * `toRecord` reads. One row per record.
 */
export interface SqlEntityQuery<E extends EntityName = EntityName> {
  sql: string;
  /** Bindings of `sql`'s own `?`s, given the dossier (a company id, a database name). */
  bindings?(dossierId: string): unknown[];
  toRecord(row: Record<string, unknown>): EntityRecordMap[E];
}

export type SqlEntityQueries = { [E in EntityName]?: SqlEntityQuery<E> };

export interface SqlExtractionOptions {
  /** Rows a statement of `read` and `keys` (keyset pages); 1000 unless given. */
  pageSize?: number;
  /**
   * Every entity's query reaches an index on the dialect's `bucket32(id)` (SQLite: an expression
   * index on `ls_bucket32(id)`): a digest over a list of buckets then filters on ORed 32-bit
   * ranges, and a read of a list first lists the ids that way (see readListed), which the server
   * serves from that index (SQLite: MULTI-INDEX OR), instead of one `IN`
   * list of the shifted bucket, which no index serves (a scan hashing every id). Leave it out
   * without such an index: ORed ranges would compute the bucket once per range per row.
   */
  bucketIndex?: boolean;
}

/**
 * `read`, `keys` and `digests` of an extraction adapter over a SQL-backed package: the package's
 * query per entity in, dialect-correct bucket, fingerprint and digest SQL around it out. Buckets
 * and fingerprints are computed by the server (SQLite: with registerSqliteFunctions), so a digests
 * call moves one row per bucket where the server can XOR (MariaDB/MySQL, PostgreSQL), and one
 * fingerprint per record where it cannot (SQLite, SQL Server).
 */
export class SqlExtraction {
  readonly dialect: SqlDialect;
  private readonly pageSize: number;
  private readonly bucketIndex: boolean;

  constructor(private readonly runner: SqlRunner, dialect: SqlDialectName, private readonly queries: SqlEntityQueries, options: SqlExtractionOptions = {}) {
    this.dialect = SQL_DIALECTS[dialect];
    this.pageSize = Math.max(1, (options.pageSize ?? 1000) | 0);
    this.bucketIndex = options.bucketIndex === true;
  }

  /**
   * The entity's records in id order, or in (marker, id) order with `since`; keyset-paginated
   * (`pageSize` rows a statement, never OFFSET), so a listing holds one page in memory.
   */
  async *read<E extends EntityName>(dossierId: string, entity: E, options: ReadOptions = {}): AsyncIterable<SourceRecord<E>> {
    const query = this.queryOf(entity);
    const d = this.dialect;
    const bySince = options.since !== undefined;
    let after = options.after !== undefined ? parseCursor(dossierId, entity, options.after, bySince ? 2 : 1) : undefined;
    if (this.bucketIndex && !bySince && options.ranges && options.ranges.length > 1) {
      yield* this.readListed(dossierId, entity, options.ranges, after?.[0]);
      return;
    }
    const buckets = this.bucketFilter(options.ranges ?? (options.range ? [options.range] : undefined));
    const order = bySince ? `q.marker, ${d.byCodePoint('q.id')}` : d.byCodePoint('q.id');
    for (;;) {
      const where: string[] = [];
      const bindings: unknown[] = [...(query.bindings?.(dossierId) ?? [])];
      if (bySince) {
        where.push('q.marker >= ?');
        bindings.push(options.since);
      }
      if (buckets) where.push(buckets);
      if (after && bySince) {
        where.push(`(q.marker > ? OR (q.marker = ? AND ${d.byCodePoint('q.id')} > ?))`);
        bindings.push(after[0], after[0], after[1]);
      } else if (after) {
        where.push(`${d.byCodePoint('q.id')} > ?`);
        bindings.push(after[0]);
      }
      const sql = `${this.recordsOf(query)}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order}${d.limit(this.pageSize)}`;
      const rows = await this.runner.query(sql, bindings);
      for (const row of rows) {
        const id = String(row.id);
        after = bySince ? [String(row.marker), id] : [id];
        yield sourceRecord(query, row, after);
      }
      if (rows.length < this.pageSize) return;
    }
  }

  /**
   * A list of buckets where the package declares the bucket index (`bucketIndex`): one statement
   * of ORed ranges and no order, as a digest of a list asks, which the index serves (SQLite:
   * MULTI-INDEX OR), its rows sorted here. The `IN` list of the shifted bucket scans the table with a
   * JS call a row (1M lines: ~250 ms a page); with `ORDER BY id`, or asking for the ids alone,
   * SQLite walks the table or an index testing every range a row instead (220 leaves: over 100 s).
   * The rows wait in memory: the records of a night's differing leaves (MAX_BUCKET_LIST at most), not a page.
   */
  private async *readListed<E extends EntityName>(dossierId: string, entity: E, ranges: readonly BucketRange[], after: string | undefined): AsyncIterable<SourceRecord<E>> {
    const query = this.queryOf(entity);
    const sql = `${this.recordsOf(query)} WHERE ${this.bucketFilter(ranges, true)}`;
    const rows = (await this.runner.query(sql, query.bindings?.(dossierId) ?? [])).map((row) => ({ id: String(row.id), row }));
    rows.sort((a, b) => compareIds(a.id, b.id));
    for (const { id, row } of rows) {
      if (after !== undefined && compareIds(id, after) <= 0) continue;
      yield sourceRecord(query, row, [id]);
    }
  }

  /** The head of a statement listing whole records: the package's rows and each one's fingerprint. */
  private recordsOf(query: SqlEntityQuery<EntityName>): string {
    return `SELECT q.*, ${this.dialect.fingerprint('q.text')} AS ls_fingerprint FROM ${this.dialect.derived(query.sql, 'q')}`;
  }

  /** Ids, markers and fingerprints in id order, a page a statement. */
  async *keys(dossierId: string, entity: EntityName, range?: BucketRange): AsyncIterable<KeyRecord> {
    const query = this.queryOf(entity);
    const d = this.dialect;
    const filter = this.bucketFilter(range ? [range] : undefined);
    let after: string | undefined;
    for (;;) {
      const where = [...(filter ? [filter] : []), ...(after !== undefined ? [`${d.byCodePoint('q.id')} > ?`] : [])];
      const bindings = [...(query.bindings?.(dossierId) ?? []), ...(after !== undefined ? [after] : [])];
      const sql = `SELECT q.id, q.marker, ${d.fingerprint('q.text')} AS ls_fingerprint FROM ${d.derived(query.sql, 'q')}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${d.byCodePoint('q.id')}${d.limit(this.pageSize)}`;
      const rows = await this.runner.query(sql, bindings);
      for (const row of rows) {
        after = String(row.id);
        yield { id: after, marker: String(row.marker), fingerprint: String(row.ls_fingerprint) };
      }
      if (rows.length < this.pageSize) return;
    }
  }

  async *digests(dossierId: string, entity: EntityName, options: DigestOptions): AsyncIterable<BucketDigest> {
    const query = this.queryOf(entity);
    const d = this.dialect;
    const bits = options.bits | 0;
    if (bits < 1 || bits > 32) throw new RangeError(`digest bits must be 1..32, got ${options.bits}`);
    // no ORDER BY here, so ORed ranges can go through the bucket index (a listing in id order would walk the table)
    const filter = this.bucketFilter(options.ranges ?? (options.within ? [options.within] : undefined), this.bucketIndex);
    const inner = `SELECT ${d.shiftRight(d.bucket32('q.id'), 32 - bits)} AS ls_bucket, q.text AS ls_text FROM ${d.derived(query.sql, 'q')}${filter ? ` WHERE ${filter}` : ''}`;
    const bindings = query.bindings?.(dossierId) ?? [];
    if (d.xorFingerprints) {
      const sql = `SELECT b.ls_bucket, COUNT(*) AS ls_count, ${d.xorFingerprints('b.ls_text')} AS ls_xor FROM ${d.derived(inner, 'b')} GROUP BY b.ls_bucket ORDER BY b.ls_bucket`;
      for (const row of await this.runner.query(sql, bindings)) yield { bucket: Number(row.ls_bucket), count: Number(row.ls_count), xor: String(row.ls_xor) };
      return;
    }
    if (d.foldDigests) {
      // the id, not its bucket: the aggregate buckets it in the same call (no ls_bucket32 a record)
      const ids = `SELECT q.id AS ls_id, q.text AS ls_text FROM ${d.derived(query.sql, 'q')}${filter ? ` WHERE ${filter}` : ''}`;
      const sql = `SELECT ${d.foldDigests('b.ls_id', bits, 'b.ls_text')} AS ls_folded FROM ${d.derived(ids, 'b')}`;
      const [row] = await this.runner.query(sql, bindings);
      const folded = (row?.ls_folded === null || row?.ls_folded === undefined ? [] : JSON.parse(String(row.ls_folded))) as [number, number, string][];
      folded.sort((a, b) => a[0] - b[0]);
      for (const [bucket, count, xor] of folded) yield { bucket, count, xor };
      return;
    }
    // no XOR aggregate: the server computes buckets and fingerprints, the helper folds them in bucket order
    const sql = `SELECT b.ls_bucket, ${d.fingerprint('b.ls_text')} AS ls_fingerprint FROM ${d.derived(inner, 'b')} ORDER BY b.ls_bucket`;
    let current: BucketDigest | undefined;
    for (const row of await this.runner.query(sql, bindings)) {
      const bucket = Number(row.ls_bucket);
      if (current && current.bucket !== bucket) {
        yield current;
        current = undefined;
      }
      current ??= { bucket, count: 0, xor: ZERO_FINGERPRINT };
      current.count += 1;
      current.xor = xorFingerprints(current.xor, String(row.ls_fingerprint));
    }
    if (current) yield current;
  }

  private queryOf<E extends EntityName>(entity: E): SqlEntityQuery<E> {
    const query = this.queries[entity] as SqlEntityQuery<E> | undefined;
    if (!query) throw new Error(`SqlExtraction: no query for entity ${entity}`);
    return query;
  }

  /**
   * The ids in any of `ranges` (constants from integers, never input text). One range: a range of
   * the 32-bit bucket, which an index on it serves. A list of the same width: one `IN` list of the
   * bucket at that width, so each row's bucket is computed once — ORed ranges evaluate the bucket
   * (on SQLite a JS call) once per range per row: 100 ranges over 25k entries took 24 s, not 0.2 s.
   * `indexed` (a digest with the `bucketIndex` option): ORed ranges, which the bucket index serves.
   */
  private bucketFilter(ranges: readonly BucketRange[] | undefined, indexed = false): string | undefined {
    if (!ranges) return undefined;
    if (ranges.length === 0) return '1 = 0';
    const bucket = this.dialect.bucket32('q.id');
    const bits = ranges[0].bits | 0;
    if (!indexed && ranges.length > 1 && ranges.every((range) => (range.bits | 0) === bits)) {
      return `${this.dialect.shiftRight(bucket, 32 - bits)} IN (${ranges.map((range) => range.value >>> 0).join(', ')})`;
    }
    return `(${ranges
      .map((range) => {
        const width = 2 ** (32 - (range.bits | 0));
        const low = (range.value >>> 0) * width;
        return `${bucket} BETWEEN ${low} AND ${low + width - 1}`;
      })
      .join(' OR ')})`;
  }
}

/** A cursor this listing gave: its key as a JSON array of strings (`[id]`, or `[marker, id]` after `since`). */
/** A row of `recordsOf` as the contract's record; `cursor` is its place in the listing's order. */
function sourceRecord<E extends EntityName>(query: SqlEntityQuery<E>, row: Record<string, unknown>, cursor: string[]): SourceRecord<E> {
  return { id: String(row.id), marker: String(row.marker), fingerprint: String(row.ls_fingerprint), cursor: JSON.stringify(cursor), record: query.toRecord(row) };
}

function parseCursor(dossierId: string, entity: EntityName, cursor: string, length: number): string[] {
  let key: unknown;
  try {
    key = JSON.parse(cursor);
  } catch {
    key = undefined;
  }
  if (Array.isArray(key) && key.length === length && key.every((part) => typeof part === 'string')) return key as string[];
  throw new AdapterError(AdapterErrorCode.Source, `dossier ${dossierId}, ${entity}: cursor ${JSON.stringify(cursor)} is not one this listing gave`);
}

/** `?` placeholders as `$1, $2, …` for drivers that number them (pg). Leaves `?` inside quoted strings alone. */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/'(?:[^']|'')*'|\?/g, (match) => (match === '?' ? `$${++n}` : match));
}
