import { emptyLedgerState, EntityName, LedgerState, LedgersyncError } from '@ledgersync/sdk';
import { ChangesetHeader, ChangesetPage, ChangesetReceiver, ChangesetSummary, PageAck } from '../changeset/types';

/**
 * A receiver that holds the platform's side in memory, for tests and benchmarks: applies each
 * page once (a page whose sequence it applied before is acknowledged with `applied: false`),
 * refuses gaps, and records every page, header and summary it saw.
 */
export class MemoryReceiver implements ChangesetReceiver {
  readonly state: LedgerState = emptyLedgerState();
  readonly headers: ChangesetHeader[] = [];
  /** Every page applied, in order (pages acknowledged as retries are not here). */
  readonly pages: ChangesetPage[] = [];
  readonly summaries: ChangesetSummary[] = [];
  private readonly lastApplied = new Map<string, number>();

  async begin(header: ChangesetHeader): Promise<{ lastApplied: number }> {
    this.headers.push(header);
    return { lastApplied: this.lastApplied.get(header.changesetId) ?? 0 };
  }

  async apply(page: ChangesetPage): Promise<PageAck> {
    const last = this.lastApplied.get(page.changesetId) ?? 0;
    if (page.sequence <= last) return { changesetId: page.changesetId, sequence: page.sequence, applied: false };
    if (page.sequence !== last + 1) {
      throw new LedgersyncError('RECEIVER_SEQUENCE_GAP', `changeset ${page.changesetId}: page ${page.sequence} arrived after page ${last}`);
    }
    for (const operation of page.operations) {
      const records = this.state[operation.entity] as Map<string, unknown>;
      if (operation.op === 'delete') records.delete(operation.id);
      else records.set(operation.id, operation.record);
    }
    this.lastApplied.set(page.changesetId, page.sequence);
    this.pages.push(page);
    return { changesetId: page.changesetId, sequence: page.sequence, applied: true };
  }

  async complete(summary: ChangesetSummary): Promise<void> {
    this.summaries.push(summary);
  }

  /** Operations applied so far for an entity, for tests counting what travelled. */
  operations(entity?: EntityName): number {
    return this.pages.reduce((sum, page) => sum + page.operations.filter((op) => !entity || op.entity === entity).length, 0);
  }
}
