import { expect } from 'chai';
import { ENTITIES, xorFingerprints, ZERO_FINGERPRINT } from '@ledgersync/sdk';
import { STORED_BUCKET_BITS, StateStore } from '../../src/state';

/**
 * The stored bucket digests (`st_buckets`, kept up to date as pages are acknowledged) equal count
 * and XOR folded here, independently, from the records the state holds.
 */
export async function expectStoredBucketsMatchRecords(store: StateStore, dossierId: string, where: string): Promise<void> {
  const records = store.records(dossierId);
  for (const entity of ENTITIES) {
    const folded = new Map<number, { count: number; xor: string }>();
    for await (const row of records.iterate(entity)) {
      const bucket = row.bucket >>> (32 - STORED_BUCKET_BITS);
      const into = folded.get(bucket) ?? { count: 0, xor: ZERO_FINGERPRINT };
      folded.set(bucket, { count: into.count + 1, xor: xorFingerprints(into.xor, row.fingerprint) });
    }
    const sorted = (digests: Map<number, { count: number; xor: string }>) => [...digests].sort(([a], [b]) => a - b);
    expect(sorted(await records.bucketDigests(entity, STORED_BUCKET_BITS)), `${where}: ${entity}`).to.deep.equal(sorted(folded));
  }
}
