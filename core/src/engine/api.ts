import { EntityName, ExtractionAdapter, Proposal, RecordErrorJson } from '@ledgersync/sdk';
import { ChangesetReceiver, DetectionMethod, SyncCounts, SyncKind } from '../changeset/types';

/** Options of one sync run. */
export interface SyncOptions {
  kind: Exclude<SyncKind, 'proposal'>;
  receiver: ChangesetReceiver;
  /** Operations per changeset page (default 500). */
  pageSize?: number;
  /** Aborts between pages; the state store keeps what was acknowledged, and the next run resumes. */
  signal?: AbortSignal;
}

/** What a sync did, for the task record and the monitoring view. */
export interface SyncResult {
  changesetId: string;
  dossierId: string;
  kind: SyncKind;
  /** True when this run continued a changeset an earlier, interrupted run had started. */
  resumed: boolean;
  counts: SyncCounts;
  /** Per entity: the method that found its changes, and rows read for it. */
  methods: Partial<Record<EntityName, DetectionMethod>>;
  rowsRead: Partial<Record<EntityName, number>>;
  pages: number;
  /** Bytes of changeset pages sent (JSON). */
  bytes: number;
  quarantined: RecordErrorJson[];
}

/**
 * The diff engine: reads a dossier through an adapter, compares with what was last sent (the
 * state store), and sends only the changes — hard deletes and silent changes included.
 */
export interface DiffEngine {
  sync(adapter: ExtractionAdapter, dossierId: string, options: SyncOptions): Promise<SyncResult>;
  /**
   * Pushes booking proposals through the adapter and registers the entries they became at once
   * (a `proposal` changeset holding only those entries; no matchings).
   */
  pushProposals(adapter: ExtractionAdapter, dossierId: string, proposals: Proposal[], receiver: ChangesetReceiver): Promise<SyncResult>;
}
