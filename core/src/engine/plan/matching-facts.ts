import { Account, Entry, Matching } from '@ledgersync/sdk';
import { MatchItemRow } from '../../state';
import { SyncContext } from '../context';
import { MatchingFacts } from './checks';
import { NextStateView } from './view';

interface Amount extends MatchItemRow {
  /** From the acknowledged state (not planned in this changeset). */
  acknowledged: boolean;
}

const key = (entryId: string, line: number) => `${entryId}\u0000${line}`;

/**
 * The facts one batch of matchings is checked against, loaded from the database for the entries
 * the batch touches: their lines, their accounts' `reconcilable` flag, and the amounts other sent
 * matchings take off those lines (acknowledged ones not being replanned, ones planned in earlier
 * batches, and ones planned earlier in this batch). Matchings are checked in id order, as
 * `validState` does, so "matched before" means by matchings with a smaller id.
 */
export class MatchingFactsCache {
  readonly entries = new Map<string, Entry>();
  readonly reconcilable = new Map<string, boolean>();
  private readonly loaded = new Set<string>();
  private readonly amounts = new Map<string, Amount[]>();
  private readonly replanned = new Set<string>();

  constructor(private readonly ctx: SyncContext, private readonly view: NextStateView, private readonly upperId: string) {}

  async load(matchings: readonly Matching[]): Promise<void> {
    const entryIds = [...new Set(matchings.flatMap((m) => m.items.map((i) => i.entryId)))].filter((id) => !this.loaded.has(id));
    if (entryIds.length === 0) return;
    for (const id of entryIds) this.loaded.add(id);
    for (const [id, entry] of await this.view.sentRecords<Entry>('entry', entryIds)) this.entries.set(id, entry);
    const accountIds = [...new Set(entryIds.flatMap((id) => this.entries.get(id)?.lines.map((l) => l.accountId) ?? []))];
    for (const [id, account] of await this.view.sentRecords<Account>('account', accountIds)) this.reconcilable.set(id, account.reconcilable === true);
    for (const row of await this.ctx.records.matchedItems(entryIds, this.upperId, this.ctx.staging.changesetId)) this.push({ ...row, acknowledged: true });
    for (const row of await this.ctx.staging.stagedItems(entryIds)) this.push({ ...row, acknowledged: false });
  }

  /** A matching staged while this batch runs: its acknowledged amounts no longer count. */
  replan(matchingId: string): void {
    this.replanned.add(matchingId);
  }

  /** Records the amounts of a matching planned as sent in this batch. */
  add(row: MatchItemRow): void {
    this.push({ ...row, acknowledged: false });
  }

  private push(row: Amount): void {
    const list = this.amounts.get(key(row.entryId, row.line));
    if (list) list.push(row);
    else this.amounts.set(key(row.entryId, row.line), [row]);
  }

  factsFor(matchingId: string): MatchingFacts {
    return {
      entries: this.entries,
      reconcilable: this.reconcilable,
      matchedBefore: (entryId, line) =>
        (this.amounts.get(key(entryId, line)) ?? [])
          .filter((row) => row.matchingId < matchingId && !(this.replanned.has(row.matchingId) && row.acknowledged))
          .reduce((sum, row) => sum + row.amount, 0),
    };
  }
}
