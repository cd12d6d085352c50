import { ChangesetHeader, ChangesetPage, ChangesetReceiver, ChangesetSummary, PageAck } from '@ledgersync/core/dist/src/changeset/types';

/**
 * Sits between the engine and the platform and watches: operations applied per run, operations
 * applied twice within one changeset (under another page number), and, on request, stops the sync
 * right after a page is acknowledged — an interruption at a page boundary.
 */
export class ObservingReceiver implements ChangesetReceiver {
  /** Operations in pages the platform applied since `startRun`. */
  operations = 0;
  /** Pages the platform applied since `startRun`. */
  pagesApplied = 0;
  /** `entity id` applied twice within one changeset: must stay empty. */
  readonly appliedTwice: string[] = [];
  private readonly seen = new Map<string, Set<string>>();
  private abortAfter?: { pages: number; controller: AbortController };

  constructor(private readonly inner: ChangesetReceiver) {}

  /** Resets the per-run counters; with `abortAfterPages`, aborts the returned signal once that many pages are applied. */
  startRun(abortAfterPages?: number): AbortSignal | undefined {
    this.operations = 0;
    this.pagesApplied = 0;
    if (abortAfterPages === undefined) {
      this.abortAfter = undefined;
      return undefined;
    }
    this.abortAfter = { pages: abortAfterPages, controller: new AbortController() };
    return this.abortAfter.controller.signal;
  }

  begin(header: ChangesetHeader): Promise<{ lastApplied: number }> {
    return this.inner.begin(header);
  }

  async apply(page: ChangesetPage): Promise<PageAck> {
    const ack = await this.inner.apply(page);
    if (!ack.applied) return ack;
    this.pagesApplied += 1;
    this.operations += page.operations.length;
    let seen = this.seen.get(page.changesetId);
    if (!seen) this.seen.set(page.changesetId, (seen = new Set()));
    for (const operation of page.operations) {
      const key = `${operation.entity} ${operation.id}`;
      if (seen.has(key)) this.appliedTwice.push(`${key} (changeset ${page.changesetId}, page ${page.sequence})`);
      seen.add(key);
    }
    if (this.abortAfter && this.pagesApplied >= this.abortAfter.pages) this.abortAfter.controller.abort(new Error('interrupted at a page boundary by the conformance suite'));
    return ack;
  }

  complete(summary: ChangesetSummary): Promise<void> {
    return this.inner.complete(summary);
  }
}
