import {
  Entry, applyStep, copySnapshot, emptySnapshot, ENTITIES, EntityName, markerOf, RecordedLedger, recordsOf, SourceRecord, SourceSnapshot, validState, ValidatedState,
} from '@ledgersync/sdk';
import { LedgerHolding, SourceState } from '../driver';

/**
 * The source as the suite replays it, step by step. Unlike a plain replay, proposals are not
 * booked here: the adapter books them, and the entries it returns (with the ids the package gave)
 * join the snapshot, so later states hold what the package really wrote.
 */
export class SourceHistory {
  private snapshot: SourceSnapshot = emptySnapshot();
  /** The source with the bad records a backend cannot hold still in it: a later step may mend them (and what hangs on them). */
  private whole: SourceSnapshot = emptySnapshot();
  /**
   * The entries the adapter booked, as it returned them: already in the package's form (its ids,
   * its periods), so never validated against the ledger's records nor passed through `hold`.
   */
  private readonly pushed: SourceSnapshot['entry'] = new Map();
  private readonly changesOnly: RecordedLedger;
  /** Records put or deleted since `markSynced`. */
  changesSinceSync = 0;
  /** Per entity, the highest marker at the last sync: the engine's watermark, which an inclusive `since` re-reads from. */
  private watermarks = new Map<EntityName, string>();

  /** The state last returned by `advance`, and what came before it (for a step the package cannot express). */
  private current?: SourceState;
  private beforeStep?: { snapshot: SourceSnapshot; whole: SourceSnapshot; changesSinceSync: number; current?: SourceState };

  constructor(readonly ledger: RecordedLedger, private readonly dropBadRecords = false, private readonly holding?: LedgerHolding) {
    this.changesOnly = { ...ledger, steps: ledger.steps.map(({ proposals: _proposals, ...step }) => ({ ...step })) };
  }

  /** Applies step `index`'s changes (not its proposals) and returns the state to materialise. */
  advance(index: number): SourceState {
    this.beforeStep = { snapshot: copySnapshot(this.snapshot), whole: copySnapshot(this.whole), changesSinceSync: this.changesSinceSync, current: this.current };
    const source = copySnapshot(this.snapshot);
    const replayed = applyStep(this.changesOnly, index, source);
    if (this.dropBadRecords) {
      applyStep(this.changesOnly, index, this.whole);
      // a bad record dropped earlier comes back for another look: a later step may have mended what it hangs on
      for (const entity of ENTITIES) for (const [id, held] of this.whole[entity]) if (!source[entity].has(id)) source[entity].set(id, held);
      for (const rejected of validState(this.ledger.dossier.id, recordsOf(source), { bookCurrency: this.ledger.dossier.currency }).rejected) source[rejected.entity].delete(rejected.recordId);
    }
    this.snapshot = source;
    this.changesSinceSync += replayed.step.changes.length;
    this.current = { step: index, dossier: this.ledger.dossier, clock: replayed.marker, source: this.plusPushed(source), deleted: replayed.deleted };
    return this.current;
  }

  /**
   * Undoes the last `advance`: the package could not express that step. Returns the state it held
   * before (to materialise again), or undefined when the step was the first.
   */
  revert(): SourceState | undefined {
    if (!this.beforeStep) return undefined;
    this.snapshot = this.beforeStep.snapshot;
    this.whole = this.beforeStep.whole;
    this.changesSinceSync = this.beforeStep.changesSinceSync;
    this.current = this.beforeStep.current;
    this.beforeStep = undefined;
    return this.current && { ...this.current, source: this.plusPushed(this.snapshot), deleted: [] };
  }

  /** Adds the entries the adapter booked for the step's proposals. */
  addPushed(index: number, entries: SourceRecord<'entry'>[]): void {
    // the ledger's clock, not the machine's: a marker from the adapter's own clock would put the watermark past every later step
    const marker = markerOf(this.ledger.steps[index].at);
    for (const entry of entries) this.pushed.set(entry.id, { record: entry.record, marker });
  }

  /** The valid records the platform must hold now (as the package holds them, when the driver says how), and the bad ones it must report. */
  truth(): ValidatedState {
    return validState(this.ledger.dossier.id, recordsOf(this.heldSnapshot()), { bookCurrency: this.ledger.dossier.currency });
  }

  /** The valid records of the ledger as written: its own figures, which no declared loss may change. */
  ledgerTruth(): ValidatedState {
    const own = validState(this.ledger.dossier.id, recordsOf(this.snapshot), { bookCurrency: this.ledger.dossier.currency });
    // the booked proposals count in the ledger's figures (as its own replay books them), under the package's ids
    for (const [id, held] of this.pushed) own.state.entry.set(id, held.record as Entry);
    return own;
  }

  private heldSnapshot(): SourceSnapshot {
    if (!this.holding || !this.current) return this.plusPushed(this.snapshot);
    return this.plusPushed(this.holding.hold({ ...this.current, source: copySnapshot(this.snapshot) }));
  }

  private plusPushed(snapshot: SourceSnapshot): SourceSnapshot {
    const copy = copySnapshot(snapshot);
    for (const [id, held] of this.pushed) copy.entry.set(id, held);
    return copy;
  }

  /** Records held now, per entity (what a full read reads). */
  recordCounts(): Record<string, number> {
    const held = this.heldSnapshot();
    return Object.fromEntries(ENTITIES.map((entity) => [entity, held[entity].size]));
  }

  /** Records an inclusive `since` listing from each entity's watermark returns now: its changes and the ties at the watermark. */
  rowsSinceSync(): number {
    let rows = 0;
    const held = this.plusPushed(this.snapshot);
    for (const entity of ENTITIES) {
      const since = this.watermarks.get(entity);
      for (const record of held[entity].values()) if (since === undefined || record.marker >= since) rows += 1;
    }
    return rows;
  }

  markSynced(): void {
    this.changesSinceSync = 0;
    const held = this.plusPushed(this.snapshot);
    for (const entity of ENTITIES) {
      let highest: string | undefined;
      for (const record of held[entity].values()) if (highest === undefined || record.marker > highest) highest = record.marker;
      if (highest === undefined) this.watermarks.delete(entity);
      else this.watermarks.set(entity, highest);
    }
  }
}
