import { BucketDigest, BucketRange } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { mysql } from './mysql';
import { sqlite } from './sqlite';
import type { Column } from './tables';

/**
 * The only SQL that differs between SQLite (sqlite.ts) and MariaDB (mysql.ts): the pieces of a
 * record's text (record-text.ts), its MD5, bucket and the digest statement. Identifiers come from
 * the fixed mapping in tables.ts, never from input.
 *
 * Fingerprint of a record: the first 16 hex digits of MD5 over its record text (record-text.ts).
 * Buckets: the 32-bit bucket of an id (`bucketOf(id, 32)`); a coarser bucket is a range of it, so
 * one index on the 32-bit bucket serves every level (schema.ts creates it on SQLite).
 */
export interface Dialect {
  /** `parts` concatenated as text; NULL when a part is. */
  concat(parts: string[]): string;
  /**
   * One row's cells as a compact JSON array (record-text.ts): text cells as JSON strings, integer
   * and boolean cells as numbers, NULL as `null`; `table` is the row's table as the query names it.
   */
  rowText(table: string, columns: readonly Column[]): string;
  /** Aggregate: `text` of the group's rows concatenated in `order`, nothing between; NULL for no row. */
  concatRows(text: string, order: string): string;
  /** The fingerprint of the record whose text is `text`, as `read` reports it. */
  fingerprint(text: string): string;
  /** The 32-bit bucket of `column`. */
  bucket32(column: string): string;
  /** An index holds every row's 32-bit bucket (schema.ts): scanning through it spares computing buckets again. */
  indexedBuckets: boolean;
  /** One statement computing a digests call; `digestRows` reads its rows as digests in bucket order. */
  digestStatement(query: DigestQuery): string;
  digestRows(rows: Record<string, unknown>[]): BucketDigest[];
}

/** A digests call: every record of `table` (passing `filter`) counts 1 and XORs its fingerprint into `bucket`. */
export interface DigestQuery {
  table: string;
  /** SQL over the table's own columns: the record's bucket at the call's width. */
  bucket: string;
  /** SQL over the table's own columns: the call's bucket filter, if any. */
  filter?: string;
  /** SQL: the record text (record-text.ts). */
  text: string;
}

/** The bucket of `column` at `bits` bits, as bucketOf computes it. */
export function bucketAt(sql: Dialect, column: string, bits: number): string {
  return `(${sql.bucket32(column)} >> ${32 - (bits | 0)})`;
}

/** `column`'s id falls in `range`: a range of 32-bit buckets, so that an index on them serves. */
export function inBucket(sql: Dialect, column: string, range: BucketRange): string {
  const width = 2 ** (32 - (range.bits | 0));
  const low = (range.value >>> 0) * width;
  return `${sql.bucket32(column)} BETWEEN ${low} AND ${low + width - 1}`;
}

/**
 * `column`'s id falls in any of `ranges` (`ReadOptions.ranges`, `DigestOptions.ranges`): ORed
 * index ranges where the bucket is indexed; else one `IN` list of the bucket at their common
 * width, so that the row's bucket is computed once. No range: no row.
 */
export function inBuckets(sql: Dialect, column: string, ranges: readonly BucketRange[]): string {
  if (ranges.length === 0) return '1 = 0';
  const bits = ranges[0].bits | 0;
  if (sql.indexedBuckets || ranges.some((range) => (range.bits | 0) !== bits)) return `(${ranges.map((range) => inBucket(sql, column, range)).join(' OR ')})`;
  return `${bucketAt(sql, column, bits)} IN (${ranges.map((range) => range.value >>> 0).join(', ')})`;
}

/**
 * The rows of `table` in any of `ranges`, as a filter of a listing in id order. Where the bucket is
 * indexed, through the rowids the index finds: ORed index ranges next to `ORDER BY id` make SQLite
 * walk the table in id order and test every range on every row (seconds at 100k rows).
 */
export function rowsInBuckets(sql: Dialect, table: string, column: string, ranges: readonly BucketRange[]): string {
  const filter = inBuckets(sql, column, ranges);
  return sql.indexedBuckets ? `rowid IN (SELECT rowid FROM \`${table}\` WHERE ${filter})` : filter;
}

/** The bucket filter of a call (`range`, `ranges` or `within`), or undefined for the whole key space. */
export function bucketFilter(sql: Dialect, column: string, options: { range?: BucketRange; ranges?: readonly BucketRange[] }): string | undefined {
  if (options.ranges) return inBuckets(sql, column, options.ranges);
  return options.range ? inBucket(sql, column, options.range) : undefined;
}

/** The dialect of a connection `connect` made. */
export function dialectOf(db: Knex): Dialect {
  return db.client.config.client === 'mysql2' ? mysql : sqlite;
}
