import { BucketDigest, DigestOptions, EntityName } from '@ledgersync/sdk';
import { BucketState } from '../../state';
import { guarded } from '../adapter-calls';
import { SyncContext } from '../context';
import { mergeRead } from './merge-read';

/** Level 1: ~1,000 buckets; level 2 splits each into 32 (~32 ids each at 1M records). */
export const LEVEL1_BITS = 10;
export const LEVEL2_BITS = 15;

/**
 * Finds hard deletes and silent changes by bucket digests: compare count + XOR of fingerprints
 * per level-1 bucket with the state store, recurse into differing buckets at level 2, then read
 * only the records of differing leaves and merge them with the state.
 */
export async function digestScan(ctx: SyncContext, entity: EntityName): Promise<void> {
  const level1 = await differing(ctx, entity, { bits: LEVEL1_BITS });
  for (const bucket of level1) {
    const within = { bits: LEVEL1_BITS, value: bucket };
    const leaves = await differing(ctx, entity, { bits: LEVEL2_BITS, within });
    for (const leaf of leaves) await mergeRead(ctx, entity, { bits: LEVEL2_BITS, value: leaf });
  }
}

async function differing(ctx: SyncContext, entity: EntityName, options: DigestOptions): Promise<number[]> {
  const source = new Map<number, BucketDigest>();
  for await (const digest of guarded('digests', ctx.dossierId, entity, () => ctx.adapter.digests!(ctx.dossierId, entity, options))) {
    ctx.tally.count(entity);
    source.set(digest.bucket, digest);
  }
  const state = await ctx.records.bucketDigests(entity, options.bits, options.within);
  const buckets = new Set<number>([...source.keys(), ...state.keys()]);
  return [...buckets].filter((b) => !same(source.get(b), state.get(b))).sort((a, b) => a - b);
}

function same(source: BucketDigest | undefined, state: BucketState | undefined): boolean {
  const count = source?.count ?? 0;
  if (count !== (state?.count ?? 0)) return false;
  return count === 0 || source!.xor.toLowerCase() === state!.xor;
}
