import { EntityName, Proposal, RecordErrorJson } from '@ledgersync/sdk';
import { DetectionMethod, SyncCounts, SyncKind } from '../../changeset/types';

export type TaskState = 'queued' | 'claimed' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export const TASK_STATES: readonly TaskState[] = ['queued', 'claimed', 'running', 'succeeded', 'failed', 'cancelled'];

/** Why a task exists: the sync kinds as accountants know them. */
export type TaskOrigin = 'nightly' | 'monthly' | 'manual' | 'proposal' | 'backfill';

/** What an accountant sets with a manual sync; applied to the dossier once the sync succeeds. */
export interface ManualFields {
  /** Shown in the client portal: the books are complete up to this date. */
  updatedUntil?: string;
  resetProposalCounter?: boolean;
  notifyClient?: boolean;
  /** The new active booking period; earlier periods are closed on the platform. */
  activePeriodId?: string;
}

/** A task's payload: the accountant's fields, or the proposals a proposal push carries. */
export interface TaskFields extends ManualFields {
  proposals?: Proposal[];
}

export interface TaskEvent {
  at: string;
  state: TaskState;
  note?: string;
}

export interface TaskView {
  id: number;
  dossierId: string;
  kind: SyncKind;
  origin: TaskOrigin;
  state: TaskState;
  fields: TaskFields;
  createdAt: string;
  notBefore: string;
  claimedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  leaseUntil: string | null;
  connectorId: string | null;
  attempt: number;
  maxAttempts: number;
  changesetId: string | null;
  counts: SyncCounts | null;
  methods: Partial<Record<EntityName, DetectionMethod | 'probe-unchanged'>>;
  quarantined: RecordErrorJson[];
  /** A short line on what the run did (`skipped: probe unchanged`, `3 proposals booked`). */
  outcome: string | null;
  error: { code: string; message: string } | null;
  emailError: { code: string; message: string } | null;
  /** Every state change, oldest first: the monitoring timeline. */
  history: TaskEvent[];
}

/** What a connector reports when a run ends well. */
export interface TaskSuccess {
  changesetId?: string;
  counts: SyncCounts;
  methods: TaskView['methods'];
  quarantined: RecordErrorJson[];
  outcome?: string;
  /** The adapter's probe token after the run, for the next nightly's skip decision. */
  probeToken?: string;
  /** Proposal id → entry id, for proposal pushes. */
  booked?: Record<string, string>;
}

/** What a connector reports when a run fails. */
export interface TaskFailure {
  code: string;
  message: string;
  /** False for errors a retry cannot fix (bad configuration); default true. */
  retryable?: boolean;
}

export interface TaskFilter {
  dossierId?: string;
  state?: TaskState;
  kind?: SyncKind;
  origin?: TaskOrigin;
  limit?: number;
}
