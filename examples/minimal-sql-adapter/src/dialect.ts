import { BucketRange } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { Column } from './tables';

/**
 * The only SQL that differs between SQLite and MariaDB: fingerprint, bucket and XOR aggregate.
 * Identifiers come from the fixed mapping in tables.ts, never from input.
 *
 * Fingerprint of a row: the first 16 hex digits of MD5 over its columns joined by `|`, each written
 * `=value`, or `-` when NULL (so that NULL, '' and a shifted column never collide).
 * Buckets: the 32-bit bucket of an id (`bucketOf(id, 32)`); a coarser bucket is a range of it, so
 * one index on the 32-bit bucket serves every level (schema.ts creates it on SQLite).
 */
export interface Dialect {
  fingerprint(columns: Column[]): string;
  /** The 32-bit bucket of `column`. */
  bucket32(column: string): string;
  /** XOR of fingerprints as 16 lowercase hex digits. */
  xor(fingerprint: string): string;
  /** An index holds every row's 32-bit bucket (schema.ts): scanning through it spares computing buckets again. */
  indexedBuckets: boolean;
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

/** Each column as `=value`, or `-` when NULL; `concat` is the dialect's NULL-propagating concatenation. */
function cells(columns: Column[], concat: (a: string, b: string) => string): string {
  return columns.map((c) => `COALESCE(${concat(`'='`, `\`${c.name}\``)}, '-')`).join(', ');
}

const sqlite: Dialect = {
  fingerprint: (columns) => `ls_fingerprint(${cells(columns, (a, b) => `(${a} || ${b})`)})`,
  bucket32: (column) => `ls_bucket(\`${column}\`)`,
  xor: (fingerprint) => `ls_xor(${fingerprint})`,
  indexedBuckets: true,
};

const mysql: Dialect = {
  fingerprint: (columns) => `LEFT(MD5(CONCAT_WS('|', ${cells(columns, (a, b) => `CONCAT(${a}, ${b})`)})), 16)`,
  bucket32: (column) => `CAST(CONV(LEFT(MD5(\`${column}\`), 8), 16, 10) AS UNSIGNED)`,
  xor: (fingerprint) => `LOWER(LPAD(HEX(BIT_XOR(CAST(CONV(${fingerprint}, 16, 10) AS UNSIGNED))), 16, '0'))`,
  indexedBuckets: false,
};

export function dialectOf(db: Knex): Dialect {
  return db.client.config.client === 'mysql2' ? mysql : sqlite;
}
