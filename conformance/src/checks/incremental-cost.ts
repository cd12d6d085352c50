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
  recordsPerEntity: Record<string, number>;
  /** The detection method the engine reported per entity (default: digests). */
  methods?: Record<string, string>;
}

/**
 * Rows an incremental sync may read: the marker listing (changes, and ties at each entity's
 * watermark: the engine's `since` is inclusive), plus per entity two boundary rows and the overhead of the method that found its changes — nothing for a deletion log, the
 * key listing (one key per record) for `keys`, and for `digests` one first-level digest per record
 * up to 2^level1Bits — plus, for each change, the second-level digests of its bucket (at most one
 * per record in it), the keys of its leaf and the record itself. A full read is not an incremental
 * method: it is held to what digests would cost, so an adapter that leaves the engine nothing
 * else fails once the ledger is large enough for digests to pay.
 */
/** Per entity, slack for rows read again where listings meet (a cursor or bucket boundary). */
const BOUNDARY_ROWS = 2;

export function incrementalAllowance(work: IncrementalWork, tree: DigestTree): number {
  const counts = Object.values(work.recordsPerEntity);
  const largest = Math.max(0, ...counts);
  let overhead = 0;
  for (const [entity, n] of Object.entries(work.recordsPerEntity)) {
    overhead += BOUNDARY_ROWS;
    const method = work.methods?.[entity] ?? 'digests';
    if (method === 'keys') overhead += n;
    else if (method !== 'deletion-log') overhead += Math.min(n, 2 ** tree.level1Bits);
  }
  // a first-level bucket holds about n / 2^level1 records, so it has at most that many non-empty second-level buckets
  const level2 = Math.min(2 ** (tree.level2Bits - tree.level1Bits), Math.ceil(largest / 2 ** tree.level1Bits));
  const perChange = level2 + Math.ceil(largest / 2 ** tree.level2Bits) + 1;
  return work.sinceRows + overhead + work.changes * perChange;
}

/** Calls a night may make per entity (a marker listing, first- and second-level digests) and per change (its leaf's keys and rows). */
const CALLS_PER_ENTITY = 3;
const CALLS_PER_CHANGE = 3;
/** The fixed price of looking at an entity at all: a marker listing and a digest call, and two rows where listings meet. */
const LOOKING_PER_ENTITY = 4;

/**
 * What a night may cost at the source, in rows and calls (every row, key, digest and deletion
 * streamed back counts as one, and so does every call): what its changes justify (above), and never
 * more than a full read — one call per entity and every record — plus the fixed price of looking
 * at each entity. A ledger smaller than the digest tree's first level gets a floor instead: there
 * the first-level digests are one bucket per record, as dear as a listing, and a night that changes
 * a quarter of the ledger (real-books-1.1, step 1: 10 changes in 37 records) honestly costs more
 * than one full read — so detection may cost twice a full read, and a night that costs more still
 * fails (an adapter that lists every key after re-reading the ties does). The engine no longer
 * re-reads a load's tied records (docs/diff-engine.md): the public ledgers cost 23–30 a night on
 * digests, well under either bound.
 */
export function nightAllowance(work: IncrementalWork, tree: DigestTree): { allowance: number; fullRead: number; ceiling: number } {
  const entities = Object.keys(work.recordsPerEntity).length;
  const records = Object.values(work.recordsPerEntity).reduce((a, b) => a + b, 0);
  const fullRead = records + entities;
  const justified = incrementalAllowance(work, tree) + CALLS_PER_ENTITY * entities + CALLS_PER_CHANGE * work.changes;
  const ceiling = records <= 2 ** tree.level1Bits ? 2 * fullRead : fullRead + LOOKING_PER_ENTITY * entities;
  return { allowance: Math.min(justified, ceiling), fullRead, ceiling };
}
