import { statSync } from 'node:fs';
import { copySnapshot, readRecordedLedgerFile, replay } from '@ledgersync/sdk';
import { MemorySource, readSourceFile, writeSourceFile } from './source-file';

/** Where the adapter's source lives: a file the fixture driver writes, or a ledger replayed in memory. */
export interface SourceProvider {
  /** The source as it is now. */
  current(): MemorySource;
  /** Persists a change the adapter made (a pushed proposal). */
  save(source: MemorySource): void;
}

/** A source file, read again whenever its size or modification time changes. */
export class FileSourceProvider implements SourceProvider {
  private cached?: { stamp: string; source: MemorySource };

  constructor(private readonly path: string) {}

  current(): MemorySource {
    const stat = statSync(this.path);
    const stamp = `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
    if (this.cached?.stamp !== stamp) this.cached = { stamp, source: readSourceFile(this.path) };
    return this.cached.source;
  }

  save(source: MemorySource): void {
    writeSourceFile(this.path, source);
    this.cached = undefined;
  }
}

/** A recorded ledger replayed up to a step (default: the last), held in memory. */
export class ReplaySourceProvider implements SourceProvider {
  private readonly source: MemorySource;

  constructor(ledgerPath: string, step?: number) {
    const ledger = readRecordedLedgerFile(ledgerPath);
    const last = Math.min(step ?? ledger.steps.length - 1, ledger.steps.length - 1);
    const deletions: MemorySource['deletions'] = [];
    let snapshot;
    let clock = '';
    for (const replayed of replay(ledger)) {
      for (const deleted of replayed.deleted) deletions.push({ ...deleted, marker: replayed.marker });
      snapshot = replayed.source;
      clock = replayed.marker;
      if (replayed.index === last) break;
    }
    this.source = { dossier: ledger.dossier, clock, snapshot: copySnapshot(snapshot!), deletions, pushed: new Map() };
  }

  current(): MemorySource {
    return this.source;
  }

  save(): void {
    // held in memory: nothing to write
  }
}
