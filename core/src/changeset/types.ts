import { ChangeMarker, EntityName, LedgerRecord, RecordErrorJson } from '@ledgersync/sdk';

/**
 * The wire format between a connector and the platform. A sync produces one changeset, cut into
 * pages; the receiver applies each page in one transaction and acknowledges it. Within a changeset,
 * deletes come first in reverse dependency order (matchings … fiscal years), then upserts in
 * dependency order (fiscal years … matchings): at every point, what the platform holds refers only
 * to records it holds.
 */
export type SyncKind = 'full' | 'incremental' | 'proposal';

/** How the engine found an entity's changes, cheapest first. */
export type DetectionMethod = 'deletion-log' | 'digests' | 'keys' | 'full-read' | 'pushed';

export type ChangeOperation =
  | { op: 'upsert'; entity: EntityName; id: string; record: LedgerRecord; digest: string }
  | { op: 'delete'; entity: EntityName; id: string };

export interface ChangesetHeader {
  /** Unique per sync attempt; a resumed sync keeps its changeset id. */
  changesetId: string;
  dossierId: string;
  kind: SyncKind;
  startedAt: string;
}

export interface ChangesetPage {
  changesetId: string;
  dossierId: string;
  /** 1, 2, …: a page whose sequence the receiver already applied is acknowledged without being applied again. */
  sequence: number;
  operations: ChangeOperation[];
}

/** What the receiver says after applying a page durably. */
export interface PageAck {
  changesetId: string;
  sequence: number;
  /** False when the page had been applied before (a retry): nothing changed. */
  applied: boolean;
}

/** Sent once the last page is acknowledged. */
export interface ChangesetSummary {
  changesetId: string;
  dossierId: string;
  kind: SyncKind;
  pages: number;
  counts: SyncCounts;
  methods: Partial<Record<EntityName, DetectionMethod>>;
  quarantined: RecordErrorJson[];
  finishedAt: string;
}

export interface SyncCounts {
  /** Records (and keys, digests) read from the source. */
  read: number;
  upserted: number;
  deleted: number;
  quarantined: number;
}

/**
 * Where changesets go: the platform store in-process, or the platform over HTTP. Every call may
 * be retried with the same arguments; a receiver must make that safe.
 */
export interface ChangesetReceiver {
  /** Opens (or re-opens) a changeset; returns the last sequence it has applied (0 for none). */
  begin(header: ChangesetHeader): Promise<{ lastApplied: number }>;
  apply(page: ChangesetPage): Promise<PageAck>;
  complete(summary: ChangesetSummary): Promise<void>;
}

/** A marker value that sorts before every real one. */
export const NO_MARKER: ChangeMarker = '';
