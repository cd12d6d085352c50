import { EntityName, ZERO_FINGERPRINT } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { insertRows, keyset } from './sql';
import { BucketState } from './rows';

/**
 * Bits of the buckets whose digests the state keeps up to date (`st_buckets`): 1,024 per entity,
 * the diff engine's level 1. Coarser digests fold from them; finer ones are computed from the
 * records of one bucket (an indexed range of a few hundred rows at 1M lines).
 */
export const STORED_BUCKET_BITS = 10;

/**
 * Count and XOR of fingerprints per bucket, summed on the fingerprints' two 32-bit halves: XOR on
 * numbers, not on BigInts or strings, since every record of a scan or an applied page passes here.
 */
export class BucketSums {
  private readonly sums = new Map<number, { count: number; hi: number; lo: number }>();

  add(bucket: number, count: number, xor: string): void {
    const sum = this.sums.get(bucket);
    const hi = parseInt(xor.slice(0, 8), 16);
    const lo = parseInt(xor.slice(8, 16), 16);
    if (!sum) this.sums.set(bucket, { count, hi, lo });
    else {
      sum.count += count;
      sum.hi ^= hi;
      sum.lo ^= lo;
    }
  }

  buckets(): number[] {
    return [...this.sums.keys()];
  }

  digests(): Map<number, BucketState> {
    const hex = (half: number) => (half >>> 0).toString(16).padStart(8, '0');
    return new Map([...this.sums].map(([bucket, { count, hi, lo }]) => [bucket, { count, xor: hex(hi) + hex(lo) }]));
  }
}

/** The bucket at `bits` of a record's 32-bit bucket hash (its top `bits` bits). */
function bucketAt(bucket32: number, bits: number): number {
  return Math.floor(bucket32 / 2 ** (32 - bits));
}

/**
 * What the records applied in one transaction change in their stored buckets: a record leaving
 * the state takes its fingerprint out (XOR) and 1 off the count, one entering puts them in. The
 * deltas are written once, when the transaction's records are all applied.
 */
export class BucketDeltas {
  private readonly byEntity = new Map<EntityName, BucketSums>();

  /** `bucket32` is the record's 32-bit bucket hash. */
  removed(entity: EntityName, bucket32: number, fingerprint: string): void {
    this.sums(entity).add(bucketAt(bucket32, STORED_BUCKET_BITS), -1, fingerprint);
  }

  added(entity: EntityName, bucket32: number, fingerprint: string): void {
    this.sums(entity).add(bucketAt(bucket32, STORED_BUCKET_BITS), 1, fingerprint);
  }

  /** Folds the deltas into `st_buckets` (read, combine, rewrite the touched rows) inside `trx`. */
  async write(trx: Knex.Transaction, dossierId: string): Promise<void> {
    for (const [entity, sums] of this.byEntity) {
      const touched = () => trx('st_buckets').where({ dossier_id: dossierId, entity }).whereIn('bucket', sums.buckets());
      for (const row of (await touched().select('bucket', 'count', 'xor')) as BucketDbRow[]) sums.add(Number(row.bucket), Number(row.count), row.xor);
      await touched().delete();
      const rows = [...sums.digests()]
        // an emptied bucket leaves no row; a count of 0 with another XOR would be a bug, kept visible
        .filter(([, digest]) => digest.count !== 0 || digest.xor !== ZERO_FINGERPRINT)
        .map(([bucket, digest]) => ({ dossier_id: dossierId, entity, bucket, count: digest.count, xor: digest.xor }));
      await insertRows(trx, 'st_buckets', rows);
    }
    this.byEntity.clear();
  }

  private sums(entity: EntityName): BucketSums {
    const sums = this.byEntity.get(entity) ?? new BucketSums();
    this.byEntity.set(entity, sums);
    return sums;
  }
}

interface BucketDbRow {
  bucket: number | string;
  count: number | string;
  xor: string;
}

/** The stored digests of an entity's buckets (only those holding records), optionally within an interval of them. */
export async function storedBucketDigests(db: Knex, dossierId: string, entity: EntityName, within?: { lo: number; hi: number }): Promise<Map<number, BucketState>> {
  const query = db('st_buckets').select('bucket', 'count', 'xor').where({ dossier_id: dossierId, entity });
  if (within) query.whereBetween('bucket', [within.lo, within.hi]);
  const out = new Map<number, BucketState>();
  for (const row of (await query) as BucketDbRow[]) out.set(Number(row.bucket), { count: Number(row.count), xor: row.xor });
  return out;
}

/** Digests of coarser buckets, `by` bits fewer, from finer ones. */
export function foldBuckets(finer: ReadonlyMap<number, BucketState>, by: number): Map<number, BucketState> {
  const coarser = new BucketSums();
  for (const [bucket, digest] of finer) coarser.add(bucket >>> by, digest.count, digest.xor);
  return coarser.digests();
}

/**
 * Count and XOR per bucket at `bits`, folded from the entity's records themselves (optionally
 * those whose 32-bit bucket lies in `interval`): for digests finer than the stored ones, and to
 * fill `st_buckets` for a store that had none. Within an interval — one stored bucket, 1/1,024 of
 * the entity (~1,200 records at 5M lines) — one statement over the bucket index alone, in no
 * order; the whole entity by keyset pages in id order.
 */
export async function scanBucketDigests(db: Knex, dossierId: string, entity: EntityName, bits: number, interval?: { lo: number; hi: number }): Promise<Map<number, BucketState>> {
  const sums = new BucketSums();
  const fold = (row: { bucket: number | string; fingerprint: string }) => sums.add(bucketAt(Number(row.bucket), bits), 1, row.fingerprint);
  if (interval) {
    const rows = (await db('st_records').select('bucket', 'fingerprint').where({ dossier_id: dossierId, entity }).whereBetween('bucket', [interval.lo, interval.hi])) as BucketKeyRow[];
    rows.forEach(fold);
    return sums.digests();
  }
  const query = () => db('st_records').select('record_id', 'bucket', 'fingerprint').where({ dossier_id: dossierId, entity });
  for await (const row of keyset<BucketKeyRow & { record_id: string }>(query, 'record_id', 5000)) fold(row);
  return sums.digests();
}

type BucketKeyRow = {
  bucket: number | string;
  fingerprint: string;
};
