import { hash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { BucketDigest } from '@ledgersync/sdk';

/** Per bucket: the record count and the XOR of fingerprints, as two 32-bit halves (JS bit operations are 32-bit). */
type Sums = Map<number, [count: number, high: number, low: number]>;

/**
 * SQLite has no MD5, CONV or BIT_XOR: the functions the SQLite dialect (sqlite.ts) calls, in JS,
 * computing the same fingerprints and buckets (`bucketOf(id, 32)`) as MariaDB's SQL. Record texts
 * (record-text.ts) are built in SQL, so each is one call a record:
 * - `ls_fingerprint(text)`: a record's fingerprint, for `read`;
 * - `ls_bucket(id)`: the 32-bit bucket, behind the bucket indexes (schema.ts);
 * - `ls_digest(bucket, text)`: a whole digests call in one aggregate that groups in its own state
 *   (no GROUP BY sorting every fingerprint), its result JSON that `digestsOf` reads.
 */
export function registerFunctions(db: Database): null {
  db.function('ls_fingerprint', { deterministic: true }, (text: unknown) => fingerprint(text));
  db.function('ls_bucket', { deterministic: true }, (id: unknown) => (hash('md5', String(id), 'buffer') as Buffer).readUInt32BE(0));
  db.aggregate<Sums>('ls_digest', { start: () => new Map(), step: digestStep as (sums: Sums) => Sums, result: (sums) => JSON.stringify([...sums]) });
  return null;
}

/** ls_digest's step (better-sqlite3's typings know steps of one argument): one record into its bucket. */
function digestStep(sums: Sums, bucket: number, text: unknown): Sums {
  const print = fingerprint(text);
  const high = half(print, 0);
  const low = half(print, 8);
  const sum = sums.get(bucket);
  if (!sum) return sums.set(bucket, [1, high, low]);
  sum[0] += 1;
  sum[1] ^= high;
  sum[2] ^= low;
  return sums;
}

/** The first 16 hex digits of MD5 over the record text, as MariaDB's `LEFT(MD5(text), 16)`. */
function fingerprint(text: unknown): string {
  return hash('md5', String(text)).slice(0, 16);
}

/** ls_digest's result as digests in bucket order. */
export function digestsOf(result: string): BucketDigest[] {
  const sums = JSON.parse(result) as [number, [number, number, number]][];
  return sums.sort(([a], [b]) => a - b).map(([bucket, [count, high, low]]) => ({ bucket, count, xor: hex8(high) + hex8(low) }));
}

const NIBBLES = new Int8Array(128);
for (let i = 0; i < 16; i++) NIBBLES['0123456789abcdef'.charCodeAt(i)] = i;

/** The 8 hex digits of `hex` from `at` as a 32-bit integer: a third of parseInt(slice)'s cost, once a record. */
function half(hex: string, at: number): number {
  let value = 0;
  for (let i = at; i < at + 8; i++) value = (value << 4) | NIBBLES[hex.charCodeAt(i)];
  return value;
}

function hex8(half: number): string {
  return (half >>> 0).toString(16).padStart(8, '0');
}
