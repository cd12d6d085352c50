import { BucketDigest, DigestOptions, EntityName, MAX_BUCKET_LIST, xorFingerprints, ZERO_FINGERPRINT } from '@ledgersync/sdk';
import { BucketState, foldBuckets, HashRange, STORED_BUCKET_BITS } from '../../state';
import { chunks } from '../../state/sql';
import { guarded } from '../adapter-calls';
import { SyncContext } from '../context';
import { mergeRead } from './merge-read';

/**
 * Level 0: two halves of the key space, so an unchanged entity costs two digest rows; level 1:
 * ~1,000 buckets; level 2 splits a differing level-1 bucket into at most 32 (`bits` up to 15).
 */
export const LEVEL0_BITS = 1;
/** The state keeps these digests up to date: comparing level 1 reads 1,024 stored rows. */
export const LEVEL1_BITS = STORED_BUCKET_BITS;
export const LEVEL2_BITS = 15;

/**
 * How many bits a level-1 bucket of `count` records is split by: 2^k digest rows, then ~count/2^k
 * records per differing leaf, fewest rows at 2^k ≈ √count (0 at a few records: read the bucket
 * itself; 4 at 250 records, 1M lines; capped at 5).
 */
export function splitBits(count: number): number {
  if (count <= 4) return 0;
  return Math.min(LEVEL2_BITS - LEVEL1_BITS, Math.max(0, Math.round(Math.log2(Math.sqrt(count)))));
}

/**
 * Finds hard deletes and silent changes by bucket digests: compare count + XOR of fingerprints
 * per bucket with the state store, recurse into differing buckets (halves unless the listing found
 * changes tonight, then level 1, then level 2), then read only the records of differing leaves and
 * merge them with the state.
 */
export async function digestScan(ctx: SyncContext, entity: EntityName): Promise<void> {
  await ctx.stager.flush();
  const found = await foundSoFar(ctx, entity);
  // the state's level-1 digests are computed once (one scan of the entity); the halves fold them
  const level1State = adjusted(await ctx.records.bucketDigests(entity, LEVEL1_BITS), found, { bits: LEVEL1_BITS });
  const level1 = await differingLevel1(ctx, entity, level1State, found.length > 0);
  await narrow(ctx, entity, level1, found, ctx.capabilities.bucketLists ? MAX_BUCKET_LIST : 1);
}

/**
 * Level 2 and the leaf reads, `perCall` buckets a call. Differing level-1 buckets split by the same
 * number of bits share a `digests` call; every differing leaf of the same width then shares a
 * `read`, whichever call found it. With bucket lists (`perCall` > 1) a source that passes over the
 * whole entity for any bucket-restricted call (no index on the ids' bucket) makes one pass for the
 * level-2 digests and one for the leaves on a usual night, instead of one per differing bucket; the
 * buckets and leaves are the same either way. The leaves wait in memory: one small range each.
 */
async function narrow(ctx: SyncContext, entity: EntityName, level1: Differing, found: readonly KnownChange[], perCall: number): Promise<void> {
  const bySplit = groupBy(level1.buckets, (bucket) => splitBits(level1.counts.get(bucket) ?? 0));
  // a bucket of a few records is a leaf itself
  const leaves: HashRange[] = (bySplit.get(0) ?? []).map((value) => ({ bits: LEVEL1_BITS, value }));
  bySplit.delete(0);
  for (const [split, buckets] of bySplit) {
    const bits = LEVEL1_BITS + split;
    const ranges = buckets.map((value) => ({ bits: LEVEL1_BITS, value }));
    for (const chunk of chunks(ranges, perCall)) {
      const state = new Map<number, BucketState>();
      for (const within of chunk) {
        for (const [bucket, digest] of adjusted(await ctx.records.bucketDigests(entity, bits, within), found, { bits, within })) state.set(bucket, digest);
      }
      const options = perCall === 1 ? { bits, within: chunk[0] } : { bits, ranges: chunk };
      for (const value of (await differing(ctx, entity, options, state)).buckets) leaves.push({ bits, value });
    }
  }
  await readLeaves(ctx, entity, leaves, perCall);
}

/** Reads the differing leaves whole: one a call, or (bucket lists) up to `perCall` of one width a call. */
async function readLeaves(ctx: SyncContext, entity: EntityName, leaves: readonly HashRange[], perCall: number): Promise<void> {
  if (perCall === 1) {
    for (const leaf of leaves) await mergeRead(ctx, entity, leaf);
    return;
  }
  for (const sameWidth of groupBy(leaves, (leaf) => leaf.bits).values()) for (const chunk of chunks(sameWidth, perCall)) await mergeRead(ctx, entity, chunk);
}

/** `items` by `key`, each group in the items' order, the groups in the order their keys first came. */
function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * The level-1 buckets that differ. Asking for the halves first costs the source a whole scan of
 * the entity, as the level-1 digests do: it pays when both halves match (two digest rows instead
 * of ~1,000) and doubles the source's work when they do not. So an entity whose marker listing
 * already found changes tonight (the nights that bring hard deletes and silent corrections along)
 * goes to level 1 at once; an entity without any asks for the halves first.
 */
async function differingLevel1(ctx: SyncContext, entity: EntityName, level1State: Map<number, BucketState>, changedTonight: boolean): Promise<Differing> {
  if (changedTonight) return differing(ctx, entity, { bits: LEVEL1_BITS }, level1State);
  const out: Differing = { buckets: [], counts: new Map() };
  for (const half of (await differing(ctx, entity, { bits: LEVEL0_BITS }, foldBuckets(level1State, LEVEL1_BITS - LEVEL0_BITS))).buckets) {
    const insideHalf = new Map([...level1State].filter(([bucket]) => bucket >>> (LEVEL1_BITS - LEVEL0_BITS) === half));
    const level1 = await differing(ctx, entity, { bits: LEVEL1_BITS, within: { bits: LEVEL0_BITS, value: half } }, insideHalf);
    out.buckets.push(...level1.buckets);
    for (const [bucket, count] of level1.counts) out.counts.set(bucket, count);
  }
  return out;
}

/** A change already staged (by the marker listing): its 32-bit bucket, and the fingerprints it takes out of and puts into the state's digest. */
interface KnownChange {
  bucket: number;
  removed?: string;
  added?: string;
}

/**
 * The changes the marker listing already found, so that the digest comparison looks for what it
 * could not find (hard deletes, silent changes) and does not recurse into every bucket a marked
 * change touched. As many as the changes found: one night's edits, not the dossier.
 */
async function foundSoFar(ctx: SyncContext, entity: EntityName): Promise<KnownChange[]> {
  const out: KnownChange[] = [];
  for await (const batch of ctx.staging.iterate(entity, 500)) {
    const held = await ctx.records.byIds(entity, batch.map((r) => r.id));
    for (const row of batch) {
      const before = held.get(row.id);
      const bucket = row.bucket ?? before?.bucket;
      if (bucket === undefined) continue;
      out.push({ bucket, removed: before?.fingerprint, added: row.origin === 'gone' ? undefined : row.fingerprint ?? undefined });
    }
  }
  return out;
}

/** The state's digests moved on by the changes already found. */
function adjusted(state: Map<number, BucketState>, found: readonly KnownChange[], options: DigestOptions): Map<number, BucketState> {
  const within = options.within;
  for (const change of found) {
    if (within && Math.floor(change.bucket / 2 ** (32 - within.bits)) !== within.value) continue;
    const bucket = Math.floor(change.bucket / 2 ** (32 - options.bits));
    const digest = state.get(bucket) ?? { count: 0, xor: ZERO_FINGERPRINT };
    if (change.removed) {
      digest.count -= 1;
      digest.xor = xorFingerprints(digest.xor, change.removed);
    }
    if (change.added) {
      digest.count += 1;
      digest.xor = xorFingerprints(digest.xor, change.added);
    }
    state.set(bucket, digest);
  }
  return state;
}

/** Buckets whose count or XOR differ from the state's, in bucket order, and each one's larger count of the two sides. */
interface Differing {
  buckets: number[];
  counts: Map<number, number>;
}

async function differing(ctx: SyncContext, entity: EntityName, options: DigestOptions, state: Map<number, BucketState>): Promise<Differing> {
  const source = new Map<number, BucketDigest>();
  for await (const digest of guarded('digests', ctx.dossierId, entity, () => ctx.adapter.digests!(ctx.dossierId, entity, options))) {
    ctx.tally.count(entity);
    source.set(digest.bucket, digest);
  }
  const all = new Set<number>([...source.keys(), ...state.keys()]);
  const buckets = [...all].filter((b) => !same(source.get(b), state.get(b))).sort((a, b) => a - b);
  const counts = new Map(buckets.map((b) => [b, Math.max(source.get(b)?.count ?? 0, state.get(b)?.count ?? 0)]));
  return { buckets, counts };
}

function same(source: BucketDigest | undefined, state: BucketState | undefined): boolean {
  const count = source?.count ?? 0;
  if (count !== (state?.count ?? 0)) return false;
  return count === 0 || source!.xor.toLowerCase() === state!.xor;
}
