import { Knex } from 'knex';
import { Column } from './tables';

/**
 * The only SQL that differs between SQLite and MariaDB: fingerprint, bucket and XOR aggregate.
 * Identifiers come from the fixed mapping in tables.ts, never from input.
 *
 * Fingerprint of a row: the first 16 hex digits of MD5 over its columns joined by `|`, each written
 * `=value`, or `-` when NULL (so that NULL, '' and a shifted column never collide).
 */
export interface Dialect {
  fingerprint(columns: Column[], alias?: string): string;
  /** The bucket of `column` at `bits` bits, as bucketOf computes it. */
  bucket(column: string, bits: number): string;
  /** XOR of fingerprints as 16 lowercase hex digits. */
  xor(fingerprint: string): string;
}

/** Each column as `=value`, or `-` when NULL; `concat` is the dialect's NULL-propagating concatenation. */
function cells(columns: Column[], alias: string | undefined, concat: (a: string, b: string) => string): string {
  return columns.map((c) => `COALESCE(${concat(`'='`, `${alias ? `${alias}.` : ''}\`${c.name}\``)}, '-')`).join(', ');
}

const sqlite: Dialect = {
  fingerprint: (columns, alias) => `ls_fingerprint(${cells(columns, alias, (a, b) => `(${a} || ${b})`)})`,
  bucket: (column, bits) => `ls_bucket(\`${column}\`, ${bits | 0})`,
  xor: (fingerprint) => `ls_xor(${fingerprint})`,
};

const mysql: Dialect = {
  fingerprint: (columns, alias) => `LEFT(MD5(CONCAT_WS('|', ${cells(columns, alias, (a, b) => `CONCAT(${a}, ${b})`)})), 16)`,
  bucket: (column, bits) => `(CONV(LEFT(MD5(\`${column}\`), 8), 16, 10) >> ${32 - (bits | 0)})`,
  xor: (fingerprint) => `LOWER(LPAD(HEX(BIT_XOR(CAST(CONV(${fingerprint}, 16, 10) AS UNSIGNED))), 16, '0'))`,
};

export function dialectOf(db: Knex): Dialect {
  return db.client.config.client === 'mysql2' ? mysql : sqlite;
}
