import { ChangesetHeader, ChangesetPage, ChangesetReceiver, ChangesetSummary, PageAck } from '../../src/changeset/types';

/**
 * A receiver that applies nothing and keeps nothing but counts (a million records would not fit
 * a benchmark's memory budget in a MemoryReceiver). With `watch`, it also notes which deletes and
 * upserts of those entries arrived, to check that an incremental sync found them all.
 */
export class CountingReceiver implements ChangesetReceiver {
  upserts = 0;
  deletes = 0;
  pages = 0;
  readonly deleted = new Set<string>();
  readonly upserted = new Set<string>();
  private readonly lastApplied = new Map<string, number>();

  constructor(private readonly watch?: ReadonlySet<string>) {}

  async begin(header: ChangesetHeader): Promise<{ lastApplied: number }> {
    return { lastApplied: this.lastApplied.get(header.changesetId) ?? 0 };
  }

  async apply(page: ChangesetPage): Promise<PageAck> {
    const applied = page.sequence > (this.lastApplied.get(page.changesetId) ?? 0);
    if (applied) {
      this.pages += 1;
      this.lastApplied.set(page.changesetId, page.sequence);
      for (const operation of page.operations) {
        if (operation.op === 'delete') this.deletes += 1;
        else this.upserts += 1;
        if (!this.watch?.has(operation.id)) continue;
        (operation.op === 'delete' ? this.deleted : this.upserted).add(operation.id);
      }
    }
    return { changesetId: page.changesetId, sequence: page.sequence, applied };
  }

  async complete(_summary: ChangesetSummary): Promise<void> {
    // nothing kept
  }
}
