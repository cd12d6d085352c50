/**
 * Rows an incremental sync may read: per entity of n records, the top of a two-level digest tree
 * (about √n buckets) plus boundary re-reads, and per change the changed record and the keys of the
 * leaf it sits in (about √n). A deletion log or marker listing costs less. On a small ledger this is
 * loose (√n is close to n); the benchmark measures the real ratios on a million lines.
 */
export function incrementalAllowance(changes: number, recordsPerEntity: number[]): number {
  const largest = Math.max(0, ...recordsPerEntity);
  const topLevels = recordsPerEntity.reduce((sum, n) => sum + (n > 0 ? 2 * Math.ceil(Math.sqrt(n)) + 2 : 0), 0);
  return topLevels + changes * (1 + Math.ceil(Math.sqrt(largest)));
}
