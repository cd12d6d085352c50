import { hash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { BucketDigest } from '@ledgersync/sdk';

/** Per bucket: the row count and the XOR of fingerprints, as two 32-bit halves (JS bit operations are 32-bit). */
type Sums = Map<number, [count: number, high: number, low: number]>;

/**
 * SQLite has no MD5, CONV or BIT_XOR: the functions the SQLite dialect (sqlite.ts) calls, in JS,
 * computing the same fingerprints and buckets (`bucketOf(id, 32)`) as MariaDB's SQL.
 * - `ls_fingerprint(cells…)`: a row's fingerprint, for `read`;
 * - `ls_bucket(id)`: the 32-bit bucket, behind the bucket indexes (schema.ts);
 * - `ls_digest(bucket, count, cells…)`: a whole digests call over one table in one aggregate that
 *   groups in its own state (no GROUP BY sorting a million fingerprint strings), its result JSON
 *   that `digestsOf` reads.
 */
export function registerFunctions(db: Database): null {
  db.function('ls_fingerprint', { deterministic: true, varargs: true }, (...cells: unknown[]) => fingerprint(cells));
  db.function('ls_bucket', { deterministic: true }, (id: unknown) => (hash('md5', String(id), 'buffer') as Buffer).readUInt32BE(0));
  db.aggregate<Sums>('ls_digest', { varargs: true, start: () => new Map(), step: digestStep as (sums: Sums) => Sums, result: (sums) => JSON.stringify([...sums]) });
  return null;
}

/** ls_digest's step (better-sqlite3's typings know steps of one argument): one row into its bucket. */
function digestStep(sums: Sums, bucket: number, count: number, ...cells: unknown[]): Sums {
  const print = fingerprint(cells);
  return add(sums, bucket, count, half(print, 0), half(print, 8));
}

/**
 * A row's fingerprint, the one definition behind both `ls_fingerprint` and `ls_digest`: the first 16
 * hex digits of MD5 over its cells joined by `|`, each `=value`, or `-` when NULL. The cells come as
 * SQLite writes them (`CAST(… AS TEXT)`, the text `'=' || column` gives), so this is MariaDB's
 * `MD5(CONCAT_WS('|', …))` to the byte; prefixing in JS spares SQLite a concatenation per cell.
 */
function fingerprint(cells: readonly unknown[]): string {
  let text = cells[0] === null ? '-' : `=${cells[0]}`;
  for (let i = 1; i < cells.length; i++) text += cells[i] === null ? '|-' : `|=${cells[i]}`;
  return hash('md5', text).slice(0, 16);
}

/** ls_digest's results (one per table) as digests in bucket order: counts added, XORs XORed. */
export function digestsOf(results: readonly string[]): BucketDigest[] {
  const sums: Sums = new Map();
  for (const result of results) {
    for (const [bucket, [count, high, low]] of JSON.parse(result) as [number, [number, number, number]][]) add(sums, bucket, count, high, low);
  }
  return [...sums].sort(([a], [b]) => a - b).map(([bucket, [count, high, low]]) => ({ bucket, count, xor: hex8(high) + hex8(low) }));
}

function add(sums: Sums, bucket: number, count: number, high: number, low: number): Sums {
  const sum = sums.get(bucket);
  if (sum) {
    sum[0] += count;
    sum[1] ^= high;
    sum[2] ^= low;
  } else sums.set(bucket, [count, high, low]);
  return sums;
}

const NIBBLES = new Int8Array(128);
for (let i = 0; i < 16; i++) NIBBLES['0123456789abcdef'.charCodeAt(i)] = i;

/** The 8 hex digits of `hex` from `at` as a 32-bit integer: a third of parseInt(slice)'s cost, once a row. */
function half(hex: string, at: number): number {
  let value = 0;
  for (let i = at; i < at + 8; i++) value = (value << 4) | NIBBLES[hex.charCodeAt(i)];
  return value;
}

function hex8(half: number): string {
  return (half >>> 0).toString(16).padStart(8, '0');
}
