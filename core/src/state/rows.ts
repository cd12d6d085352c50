import { ChangeMarker, EntityName } from '@ledgersync/sdk';

/** Whether the platform holds a record (`sent`) or the engine keeps it back (`quarantined`). */
export type RecordStatus = 'sent' | 'quarantined';

/** What the state store holds for one source record, as of the last acknowledged page. */
export interface StateRow extends StateKeyRow {
  recordJson: string;
  /** RecordErrorJson[] of a quarantined record. */
  errorJson: string | null;
}

/** A state row without the record's JSON and errors: what detection compares a source record with. */
export interface StateKeyRow {
  entity: EntityName;
  id: string;
  /** The id's 32-bit bucket hash (`bucketOf(id, 32)`): coarser buckets are its top bits. */
  bucket: number;
  fingerprint: string;
  marker: ChangeMarker;
  /** `contentDigest` of the source record; for a sent record, the digest of what the platform holds. */
  digest: string;
  status: RecordStatus;
}

/** Why a record takes part in a changeset: read from the source, gone from it, or revalidated because something it refers to changed. */
export type StagedOrigin = 'source' | 'gone' | 'cascade';

/** A record as this changeset found it at the source (fields null when gone). */
export interface StagedRow {
  entity: EntityName;
  id: string;
  origin: StagedOrigin;
  bucket: number | null;
  fingerprint: string | null;
  marker: ChangeMarker | null;
  digest: string | null;
  recordJson: string | null;
}

export type PlannedStatus = RecordStatus | 'gone';
export type PlannedOp = 'upsert' | 'delete' | 'none';

/** What the engine decided for a staged record. */
export interface PlanRow {
  entity: EntityName;
  id: string;
  status: PlannedStatus;
  op: PlannedOp;
  errorJson: string | null;
  /** `[toEntity, toId][]`: what the record refers to once applied (null when gone). */
  refsJson?: string | null;
}

/** One reference of a record to another, for revalidating dependants. */
export interface RefRow {
  fromEntity: EntityName;
  fromId: string;
  toEntity: EntityName;
  toId: string;
}

/** An amount a sent matching takes off an entry line. */
export interface MatchItemRow {
  matchingId: string;
  entryId: string;
  line: number;
  amount: number;
}

/** Count and XOR of fingerprints of one bucket. */
export interface BucketState {
  count: number;
  xor: string;
}

/** A bucket of the 32-bit hash space: `bucket >>> (32 - bits) === value`. */
export interface HashRange {
  bits: number;
  value: number;
}
