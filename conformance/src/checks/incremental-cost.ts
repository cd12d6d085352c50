/** The diff engine's digest tree: bits of its first and second level of buckets. */
export interface DigestTree {
  level1Bits: number;
  level2Bits: number;
}

/** What an incremental sync had to find, and the size of the source it looked at. */
export interface IncrementalWork {
  /** Records put or deleted since the previous sync. */
  changes: number;
  /** Records whose marker is at or after the previous sync's (a `since` listing is inclusive: ties are re-read). */
  sinceRows: number;
  /** Records per entity. */
  recordsPerEntity: number[];
}

/**
 * Rows an incremental sync may read: the marker listing (changes and ties at the boundary), the
 * first level of bucket digests of every entity (at most one per record, at most 2^level1Bits),
 * and for each change the second-level digests of its bucket (at most one per record in it), the
 * keys of its leaf and the record itself. On a small ledger the first level alone is about one digest per record, so an incremental
 * sync costs about as much as a full read there; on a large one it is a small fraction (see the
 * benchmark).
 */
export function incrementalAllowance(work: IncrementalWork, tree: DigestTree): number {
  const largest = Math.max(0, ...work.recordsPerEntity);
  const level1 = work.recordsPerEntity.reduce((sum, n) => sum + Math.min(n, 2 ** tree.level1Bits), 0);
  // a first-level bucket holds about n / 2^level1 records, so it has at most that many non-empty second-level buckets
  const level2 = Math.min(2 ** (tree.level2Bits - tree.level1Bits), Math.ceil(largest / 2 ** tree.level1Bits));
  const perChange = level2 + Math.ceil(largest / 2 ** tree.level2Bits) + 1;
  return work.sinceRows + level1 + work.changes * perChange;
}
