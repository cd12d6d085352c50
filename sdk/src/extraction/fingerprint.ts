import { createHash } from 'node:crypto';
import { canonicalJson, canonicalRecord } from '../model/canonical';
import { EntityName } from '../model/entities';
import type { BucketDigest } from './contract';

/**
 * # Bucket digests
 *
 * To find hard deletes and silent changes without reading every record, the engine compares, per
 * key bucket, the number of records and the XOR of their *fingerprints* with what it last sent.
 *
 * - **Bucket of an id** at `bits` bits: the top `bits` bits of the first 4 bytes of MD5 over the
 *   id's UTF-8 bytes, read big-endian. MariaDB: `CONV(LEFT(MD5(id), 8), 16, 10) >> (32 - bits)`;
 *   SQL Server: `CAST(SUBSTRING(HASHBYTES('MD5', CAST(id AS VARCHAR(200)) COLLATE Latin1_General_100_BIN2_UTF8), 1, 4) AS BIGINT) / POWER(2, 32 - bits)`
 *   (the id hashed as UTF-8).
 * - **Fingerprint of a record**: 64 bits, written as 16 lowercase hex digits, that change whenever
 *   the record's content changes and that include its id. An adapter chooses how it computes them,
 *   and must give the same value in `read`, `keys` and `digests`. The text hashed must be
 *   unambiguous: `CONCAT_WS('|', id, col1, …)` alone skips NULLs and lets a `|` inside a value
 *   shift cells, so quote each cell — MariaDB `MD5(CONCAT_WS('|', QUOTE(id), QUOTE(col1), …))`
 *   (the ERPNext plugin) — or write each row as a JSON array (the minimal SQL example:
 *   `json_array(…)` on SQLite, `CONCAT('[', JSON_QUOTE(…), ',', …, ']')` on MariaDB); take the
 *   first 16 hex digits. Adapters serving canonical records can use {@link canonicalFingerprint}.
 * - **Bucket digest**: `count` of records and `xor` of their fingerprints. For a record spread over
 *   several rows (an entry and its lines), hash one text of all its rows in order rather than XOR
 *   the rows' own fingerprints: XOR cancels two identical rows (a line stored twice).
 *
 * Why MD5 slices and not CRC32: CRC is linear over XOR, so different edits can cancel out in a
 * bucket's XOR; MD5 is not. Because each fingerprint includes the id, a value swapped between two
 * records changes both fingerprints, and no two records of a bucket can share one by construction.
 */
export const ZERO_FINGERPRINT = '0000000000000000';

const FINGERPRINT = /^[0-9a-f]{16}$/;

export function isFingerprint(value: unknown): value is string {
  return typeof value === 'string' && FINGERPRINT.test(value);
}

/** The bucket of `id` at `bits` bits (0 to 32): see the module comment for the SQL equivalents. */
export function bucketOf(id: string, bits: number): number {
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) throw new RangeError(`bucket bits must be 0..32, got ${bits}`);
  if (bits === 0) return 0;
  const head = createHash('md5').update(id, 'utf8').digest().readUInt32BE(0);
  return bits === 32 ? head : head >>> (32 - bits);
}

/** The fingerprint of a canonical record, for adapters whose source holds the model's shape. */
export function canonicalFingerprint(entity: EntityName, record: unknown): string {
  return createHash('md5').update(`${entity}\u0000${canonicalJson(canonicalRecord(entity, record))}`).digest('hex').slice(0, 16);
}

/** XOR of two fingerprints (or bucket digests). */
export function xorFingerprints(a: string, b: string): string {
  return (BigInt(`0x${a}`) ^ BigInt(`0x${b}`)).toString(16).padStart(16, '0');
}

/**
 * The bucket digests of a set of records, in JavaScript: per non-empty bucket at `bits` bits, the
 * count and the XOR of fingerprints, in bucket order. For sources that cannot aggregate themselves,
 * and for checking those that do against the fingerprints their `read` reports.
 */
export function bucketDigests(records: Iterable<{ id: string; fingerprint?: string }>, bits: number): BucketDigest[] {
  const buckets = new Map<number, BucketDigest>();
  for (const { id, fingerprint } of records) {
    if (!isFingerprint(fingerprint)) throw new TypeError(`record ${id} has no fingerprint (16 lowercase hex digits)`);
    const bucket = bucketOf(id, bits);
    const digest = buckets.get(bucket) ?? { bucket, count: 0, xor: ZERO_FINGERPRINT };
    digest.count += 1;
    digest.xor = xorFingerprints(digest.xor, fingerprint);
    buckets.set(bucket, digest);
  }
  return [...buckets.values()].sort((a, b) => a.bucket - b.bucket);
}
