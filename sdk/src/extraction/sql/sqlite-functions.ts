import * as crypto from 'node:crypto';

/** The part of a better-sqlite3 `Database` the helper needs (no dependency on the driver). */
export interface SqliteFunctionHost {
  function(name: string, options: { deterministic: boolean }, fn: (value: unknown) => unknown): unknown;
  // better-sqlite3 types the state generically; `any` here lets its Database stand for this host
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  aggregate(name: string, options: { start: () => any; step: (state: any, ...values: any[]) => any; result: (state: any) => unknown }): unknown;
}

/** Per bucket: count and the XOR of the fingerprints (first 64 bits of MD5) as two unsigned 32-bit halves. */
type Fold = Map<number, [count: number, high: number, low: number]>;

/**
 * MD5 of a text's UTF-8 bytes. Node's one-shot `crypto.hash` (Node ≥ 20.12) where there is one: at
 * one call a record it is a fifth of a whole-table digest's time cheaper than createHash (see
 * docs/benchmarks.md).
 */
const md5: (text: string) => Buffer =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (text) => (crypto as unknown as { hash(algorithm: string, data: string, encoding: 'buffer'): Buffer }).hash('md5', text, 'buffer')
    : (text) => crypto.createHash('md5').update(text, 'utf8').digest();

/**
 * SQLite has no MD5: registers `ls_md5(text)` (hex MD5 of the text's UTF-8 bytes),
 * `ls_bucket32(id)` (`bucketOf(id, 32)`) and the aggregates `ls_fold_digests(bucket, text)` (the
 * bucket digests of all rows as JSON `[[bucket, count, xor], …]`) and `ls_fold_id_digests(id,
 * bits, text)` (the same, each row's bucket `bucketOf(id, bits)` computed in the same call) on a
 * connection, so the SQLite dialect's SQL runs.
 */
export function registerSqliteFunctions(db: SqliteFunctionHost): void {
  db.function('ls_md5', { deterministic: true }, (text) => (text === null ? null : md5(String(text)).toString('hex')));
  const result = (fold: Fold) => JSON.stringify([...fold].map(([bucket, [count, high, low]]) => [bucket, count, hex8(high) + hex8(low)]));
  db.aggregate('ls_fold_digests', {
    start: (): Fold => new Map(),
    step: (fold: Fold, bucket: unknown, text: unknown) => (text === null ? fold : foldInto(fold, Number(bucket), String(text))),
    result,
  });
  // a whole-table scan would otherwise call ls_bucket32 a record besides this aggregate: one JS call a record, not two
  db.aggregate('ls_fold_id_digests', {
    start: (): Fold => new Map(),
    step: (fold: Fold, id: unknown, bits: unknown, text: unknown) => (text === null ? fold : foldInto(fold, md5(String(id)).readUInt32BE(0) >>> (32 - Number(bits)), String(text))),
    result,
  });
  db.function('ls_bucket32', { deterministic: true }, (id) => md5(String(id)).readUInt32BE(0));
}

/** One record into its bucket: count 1, XOR of its fingerprint (the MD5's first 64 bits) as two 32-bit halves. */
function foldInto(fold: Fold, bucket: number, text: string): Fold {
  const digest = md5(text);
  const held = fold.get(bucket);
  if (held) {
    held[0] += 1;
    held[1] = (held[1] ^ digest.readUInt32BE(0)) >>> 0;
    held[2] = (held[2] ^ digest.readUInt32BE(4)) >>> 0;
  } else fold.set(bucket, [1, digest.readUInt32BE(0), digest.readUInt32BE(4)]);
  return fold;
}

function hex8(half: number): string {
  return half.toString(16).padStart(8, '0');
}
