import { DossierInfo, Entry, EntityName, EntityRecordMap, EntryLine } from '../model/entities';

/**
 * A change marker, as the source keeps it: a modification timestamp, a SQL Server rowversion, an
 * API timestamp. Adapters write markers so that **code-unit string order is the source's change
 * order** (ISO-8601 UTC timestamps; rowversions as fixed-width hex; counters zero-padded).
 */
export type ChangeMarker = string;

/** An opaque position in one `read` listing; pass it back as `after` to resume behind that record. */
export type Cursor = string;

/** The records whose id falls in one key bucket: `bucketOf(id, bits) === value` (see fingerprint.ts). */
export interface BucketRange {
  bits: number;
  value: number;
}

/** One record as read from the source. */
export interface SourceRecord<E extends EntityName = EntityName> {
  id: string;
  /** The source's change marker of this record. */
  marker: ChangeMarker;
  /** 16 hex digits (64 bits) of the record's content as the source computes it; required when the adapter offers `digests`. */
  fingerprint?: string;
  /** Resume point: passing it as `ReadOptions.after` continues with the next record of the same listing. */
  cursor: Cursor;
  /**
   * What the source holds, mapped to the canonical model. The adapter passes on bad data as it is:
   * the engine validates every record, quarantines and reports the bad ones. An adapter never
   * filters out records it finds odd.
   */
  record: EntityRecordMap[E];
}

export interface ReadOptions {
  /** Only records whose marker is >= `since` (inclusive: ties at the boundary are re-read, and the engine's content digests make them no-ops). */
  since?: ChangeMarker;
  /** Only records in this key bucket. */
  range?: BucketRange;
  /**
   * Only records in any of these key buckets, all of the same `bits` (never given with `range`),
   * at most {@link MAX_BUCKET_LIST}. Asked only of adapters that declare
   * `capabilities().bucketLists`; still one listing in id order.
   */
  ranges?: readonly BucketRange[];
  /** Resume behind the record that carried this cursor, in the same listing (same `since`, `range` and `ranges`). */
  after?: Cursor;
}

/** An id with its change marker, as `keys` lists them. */
export interface KeyRecord {
  id: string;
  marker: ChangeMarker;
  /** When present, silent changes (content changed, marker not) are found from keys too. */
  fingerprint?: string;
}

/**
 * The most buckets one `ranges` list holds: enough for a night's differing buckets in one call
 * (a source without an index on the ids' bucket passes over the table once a call), few enough
 * for one SQL statement of ORed ranges or an `IN` list on every database.
 */
export const MAX_BUCKET_LIST = 256;

export interface DigestOptions {
  /** Bucket width: 2^bits buckets over the whole key space (1 to 32). */
  bits: number;
  /** Only the buckets inside this coarser bucket (its `bits` smaller than `bits` above). */
  within?: BucketRange;
  /**
   * Only the buckets inside any of these coarser buckets, all of the same `bits` (smaller than
   * `bits` above; never given with `within`), at most {@link MAX_BUCKET_LIST}. Asked only of
   * adapters that declare `capabilities().bucketLists`; the answer is still in bucket order.
   */
  ranges?: readonly BucketRange[];
}

/** Count and XOR of fingerprints of the records in one bucket, computed at the source. */
export interface BucketDigest {
  bucket: number;
  count: number;
  /** XOR of the records' fingerprints, 16 hex digits. */
  xor: string;
}

/** A deletion the source logged itself. */
export interface DeletedRecord {
  entity: EntityName;
  id: string;
  marker: ChangeMarker;
}

/** A booking proposal from the platform's worklist, to be written into the package. */
export interface Proposal {
  id: string;
  journalId: string;
  date: string;
  dueDate?: string;
  counterpartyId: string;
  description?: string;
  lines: EntryLine[];
}

/** What an adapter offers, declared up front (the engine and the plugin host cannot see optional methods across the isolation boundary). */
export interface AdapterCapabilities {
  /** Entities the adapter reads. An entity not listed is not synced at all. */
  entities: readonly EntityName[];
  /** How the source marks changes. */
  markers: 'timestamp' | 'rowversion' | 'api-timestamp' | 'sequence';
  keys: boolean;
  digests: boolean;
  /** Entities whose deletions the source logs (empty: no deletion log). */
  deletedSince: readonly EntityName[];
  push: boolean;
  probe: boolean;
  /** Entities whose markers the source does not advance on every change (silent puts); informative. */
  silentChangesPossible?: readonly EntityName[];
  /**
   * `read` and `digests` accept `ranges`: many buckets in one call. The engine then asks for every
   * differing bucket of a level in one call instead of one call per bucket. It pays most where a
   * bucket-restricted call costs the source a pass over the whole entity (the bucket computed per
   * row, no index on it): a handful of passes a night instead of one per differing bucket.
   */
  bucketLists?: boolean;
}

/**
 * The extraction contract: what every adapter implements. One adapter instance serves one
 * connection (one package installation) and may hold many dossiers. All listings are async
 * iterables, so that a ledger of millions of lines streams in bounded memory.
 *
 * Errors: throw `AdapterError` subclasses (see errors.ts) with a code; never swallow a failure to
 * read: an empty listing means the source holds nothing, and the engine will delete accordingly.
 */
export interface ExtractionAdapter {
  /** Declared once per instance; must not change while it lives. */
  capabilities(): AdapterCapabilities | Promise<AdapterCapabilities>;

  /** The dossiers this connection can read, in id order. */
  listDossiers(): AsyncIterable<DossierInfo>;

  /**
   * Records of one entity. Order: by (marker, id) when `since` is given, else by id
   * (code-unit order). The listing is a consistent snapshot or, where the source cannot give one,
   * at least never skips a record that existed throughout the read.
   */
  read<E extends EntityName>(dossierId: string, entity: E, options?: ReadOptions): AsyncIterable<SourceRecord<E>>;

  /** Optional (`capabilities().keys`): ids with markers only, in id order, optionally within a bucket. */
  keys?(dossierId: string, entity: EntityName, range?: BucketRange): AsyncIterable<KeyRecord>;

  /** Optional (`capabilities().digests`): per non-empty bucket, count and XOR of fingerprints, in bucket order. */
  digests?(dossierId: string, entity: EntityName, options: DigestOptions): AsyncIterable<BucketDigest>;

  /** Optional (`capabilities().deletedSince`): deletions the source logged with a marker >= `since`, in marker order. */
  deletedSince?(dossierId: string, since: ChangeMarker): AsyncIterable<DeletedRecord>;

  /**
   * Optional (`capabilities().push`): writes a booking proposal into the package and returns the
   * entry it became, with the id and number the package gave it. Idempotent per proposal id: a
   * proposal pushed twice returns the entry of the first push.
   */
  push?(dossierId: string, proposal: Proposal): Promise<SourceRecord<'entry'>>;

  /**
   * Optional (`capabilities().probe`): a cheap token that changes whenever the dossier's ledger may
   * have changed (for SQL sources, max markers plus row counts). Equal tokens let the nightly run skip
   * the dossier's change listing; the engine still runs its digest checks on its own schedule.
   */
  probe?(dossierId: string): Promise<string>;

  /** Releases connections and timers. Called once; the instance is not used afterwards. */
  close(): Promise<void>;
}

/** The entry a pushed proposal becomes, given what only the package knows. */
export type PushedEntry = Entry;
