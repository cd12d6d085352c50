import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copySnapshot, DeletedRecord, RecordedLedger, ReplayedStep } from '@ledgersync/sdk';
import { readSourceFile, writeSourceFile } from './source-file';

/**
 * Materialises recorded-ledger states as the adapter's backend (a source file in a folder of its
 * own), step by step: what the conformance suite's fixture driver for this adapter does.
 */
export class SourceFileFixture {
  readonly directory = mkdtempSync(join(tmpdir(), 'ledgersync-source-'));
  readonly path = join(this.directory, 'source.json');
  private readonly deletions: DeletedRecord[] = [];

  constructor(private readonly ledger: RecordedLedger) {}

  /** Writes the source after `replayed`, keeping what the adapter itself wrote (pushed proposals). */
  materialise(replayed: ReplayedStep): void {
    for (const deleted of replayed.deleted) this.deletions.push({ ...deleted, marker: replayed.marker });
    let pushed = new Map<string, string>();
    try {
      pushed = readSourceFile(this.path).pushed;
    } catch {
      // first step: no file yet
    }
    writeSourceFile(this.path, { dossier: this.ledger.dossier, clock: replayed.marker, snapshot: copySnapshot(replayed.source), deletions: [...this.deletions], pushed });
  }

  dispose(): void {
    rmSync(this.directory, { recursive: true, force: true });
  }
}
