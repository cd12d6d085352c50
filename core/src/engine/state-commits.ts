import { AppliedRecord, ChangesetRecord, StateStore } from '../state';

/** Acknowledged records gathered before the state commits them (one transaction). */
export const STATE_COMMIT_RECORDS = 5_000;

/**
 * Acknowledged pages on their way into the state store. The state commits several pages in one
 * transaction: each commit rewrites every index page its rows touch (the records' bucket index is
 * touched at random), so on a million-record load one commit per page was a quarter of the sync.
 * Waiting loses nothing: a receiver reports the pages it applied, and a resumed run commits the
 * pages it applied but the state had not taken without sending them again (see `sendChangeset`).
 */
export class StateCommits {
  private records: AppliedRecord[] = [];
  private pending = 0;
  private latest: number;
  /** The last page the state has taken. */
  committed: number;

  constructor(private readonly store: StateStore, private readonly changeset: ChangesetRecord, private readonly limit = STATE_COMMIT_RECORDS) {
    this.committed = changeset.lastAcked;
    this.latest = changeset.lastAcked;
  }

  /** Page `sequence` was acknowledged; the last page commits at once, with the changeset's watermarks. */
  async acknowledged(sequence: number, records: readonly AppliedRecord[], last: boolean): Promise<void> {
    this.records.push(...records);
    this.latest = sequence;
    this.pending += 1;
    if (last || this.records.length >= this.limit) await this.commit(last);
  }

  /** Commits what was acknowledged so far (also before a sync stops on an error, so that the state keeps it). */
  async commit(last = false): Promise<void> {
    if (this.pending === 0) return;
    await this.store.changesets.acknowledge(this.changeset, this.latest, this.records, last);
    this.records = [];
    this.pending = 0;
    this.committed = this.latest;
  }
}
