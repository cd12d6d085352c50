import { createHash } from 'node:crypto';

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
 * SQLite has no MD5: registers `ls_md5(text)` (hex MD5 of the text's UTF-8 bytes),
 * `ls_bucket32(id)` (`bucketOf(id, 32)`) and the aggregate `ls_fold_digests(bucket, text)` (the
 * bucket digests of all rows as JSON `[[bucket, count, xor], …]`) on a connection, so the SQLite
 * dialect's SQL runs.
 */
export function registerSqliteFunctions(db: SqliteFunctionHost): void {
  db.function('ls_md5', { deterministic: true }, (text) => (text === null ? null : createHash('md5').update(String(text), 'utf8').digest('hex')));
  db.aggregate('ls_fold_digests', {
    start: (): Fold => new Map(),
    step: (fold: Fold, bucket: unknown, text: unknown) => {
      if (text === null) return fold;
      const digest = createHash('md5').update(String(text), 'utf8').digest();
      const key = Number(bucket);
      const held = fold.get(key);
      if (held) {
        held[0] += 1;
        held[1] = (held[1] ^ digest.readUInt32BE(0)) >>> 0;
        held[2] = (held[2] ^ digest.readUInt32BE(4)) >>> 0;
      } else fold.set(key, [1, digest.readUInt32BE(0), digest.readUInt32BE(4)]);
      return fold;
    },
    result: (fold: Fold) => JSON.stringify([...fold].map(([bucket, [count, high, low]]) => [bucket, count, hex8(high) + hex8(low)])),
  });
  db.function('ls_bucket32', { deterministic: true }, (id) => createHash('md5').update(String(id), 'utf8').digest().readUInt32BE(0));
}

function hex8(half: number): string {
  return half.toString(16).padStart(8, '0');
}
