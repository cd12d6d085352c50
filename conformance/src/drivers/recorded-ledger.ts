import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copySnapshot, DeletedRecord, RecordedLedger } from '@ledgersync/sdk';
import { readSourceFile, writeSourceFile } from '@ledgersync/example-recorded-ledger/dist/src/source-file';
import { DriverLimitations, FixtureDriver, SourceState } from '../driver';

/**
 * The fixture driver of the recorded-ledger backend: a source file (the example adapter's
 * `ledgersync/memory-source@1`) in a folder of its own. It can hold everything the format says —
 * silent puts, bad records, a deletion log — so it has no limitations. Scaffolded adapters start on it.
 */
export class RecordedLedgerDriver implements FixtureDriver {
  readonly limitations: DriverLimitations = {};
  private directory?: string;
  private ledger?: RecordedLedger;
  private deletions: DeletedRecord[] = [];

  /**
   * `configurationKey`: under which the adapter expects the source file (`sourceFile` for the example adapter).
   * `describes`: what the report and certificate name; a scaffold says it is not yet its package's backend.
   */
  constructor(
    private readonly configurationKey = 'sourceFile',
    readonly describes: { package: string; backend: string } = { package: 'ledgersync recorded-ledger source', backend: 'source file (JSON)' },
  ) {}

  get sourceFile(): string {
    if (!this.directory) throw new Error('RecordedLedgerDriver: setUp has not run');
    return join(this.directory, 'source.json');
  }

  async setUp(ledger: RecordedLedger): Promise<Record<string, unknown>> {
    this.directory = mkdtempSync(join(tmpdir(), 'ledgersync-conformance-'));
    this.ledger = ledger;
    this.deletions = [];
    return { [this.configurationKey]: this.sourceFile };
  }

  async materialise(state: SourceState): Promise<void> {
    for (const deleted of state.deleted) this.deletions.push({ ...deleted, marker: state.clock });
    // keep the adapter's own proposal bookkeeping: it is part of the package's data, not of the state
    let pushed = new Map<string, string>();
    try {
      pushed = readSourceFile(this.sourceFile).pushed;
    } catch {
      // no source file yet
    }
    writeSourceFile(this.sourceFile, { dossier: state.dossier ?? this.ledger!.dossier, clock: state.clock, snapshot: copySnapshot(state.source), deletions: [...this.deletions], pushed });
  }

  async tearDown(): Promise<void> {
    if (this.directory) rmSync(this.directory, { recursive: true, force: true });
    this.directory = undefined;
  }
}
