import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchContext, BenchResult, BenchSection } from '../section';
import { openSourceDatabase, SourceDatabase } from '../diff/bench-source';
import { inChild, PhaseMemory } from '../diff/phase-child';
import { BenchFiles, NightEdits, SyncFigures } from '../diff/phases';
import { describeTally } from '../diff/tallying-adapter';

/**
 * Issue 3's benchmark: a generated dossier read through the minimal SQL adapter; a full sync, then
 * a night (0.1 % of entries corrected, 100 raw hard deletes, 10 silent corrections) and the
 * incremental sync that must find it all, and the same night as a monthly full sync (from a copy of
 * the same state); and the floor: the same rows read and hashed. The source
 * is a SQLite file, or with `--source mariadb` a fresh MariaDB database (dropped afterwards), where
 * the adapter's digests run natively in the database; the state store is SQLite either way.
 */
export const section: BenchSection = {
  name: 'diff-engine',
  async run(context: BenchContext): Promise<BenchResult> {
    const source = await openSourceDatabase(context.source, context.workDir, context.log);
    const interrupted = dropOnSignal(source, context.log);
    try {
      return await measure(context, source);
    } finally {
      interrupted.dispose();
      await source.drop();
    }
  },
};

/** Ctrl-C or a kill while the phases run: drop the MariaDB database before exiting. */
function dropOnSignal(source: SourceDatabase, log: (message: string) => void): { dispose(): void } {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const handler = (signal: NodeJS.Signals) => {
    log(`${signal}: dropping the source database…`);
    source.drop().then(
      () => process.exit(130),
      (error: Error) => {
        log(`could not drop the source database: ${error.message}`);
        process.exit(130);
      },
    );
  };
  for (const signal of signals) process.once(signal, handler);
  return { dispose: () => signals.forEach((signal) => process.off(signal, handler)) };
}

async function measure(context: BenchContext, source: SourceDatabase): Promise<BenchResult> {
  const files: BenchFiles = { sourceUrl: source.url, stateFile: join(context.workDir, 'state.db') };
  const seconds = (ms: number) => Math.round(ms) / 1000;

  context.log(`generating ~${context.lines.toLocaleString('en')} lines (seed ${context.seed}) into ${source.label}…`);
  const started = performance.now();
  const dossier = await inChild('build', files, context.seed, context.lines);
  const buildMs = performance.now() - started;
  context.log(`  ${dossier.entries} entries, ${dossier.lines} lines in ${seconds(buildMs)} s; raw floor…`);
  const floor = await inChild('floor', files, dossier.dossierId);
  context.log(`  floor: ${floor.rowsRead} rows in ${seconds(floor.wallMs)} s, peak ${floor.peakRssMb} MB; full sync…`);
  const full = await inChild('sync', files, dossier.dossierId, 'full');
  context.log(`  full: ${full.rowsRead} rows, ${full.bytes} bytes in ${seconds(full.wallMs)} s, peak ${full.peakRssMb} MB; the night's edits…`);
  const edits = await inChild('edit', files, context.seed, dossier.entries);
  // the same night once more as the monthly full sync, on a copy of the state the incremental starts from
  const monthlyFiles: BenchFiles = { ...files, stateFile: join(context.workDir, 'state-monthly.db') };
  copyFileSync(files.stateFile, monthlyFiles.stateFile);
  context.log('  nightly incremental sync…');
  const incremental = await inChild('sync', files, dossier.dossierId, 'incremental', edits);
  context.log(`  incremental: ${incremental.rowsRead} rows in ${seconds(incremental.wallMs)} s; the same night as a monthly full sync…`);
  const monthly = await inChild('sync', monthlyFiles, dossier.dossierId, 'full', edits);

  const methods = Object.entries(incremental.methods).map(([entity, method]) => `${entity}:${method}`).join(' ');
  return {
    rows: [
      { label: `dossier generated (${source.label})`, figures: { entries: dossier.entries, lines: dossier.lines, records: dossier.records, 'wall s': seconds(buildMs), 'peak RSS MB': dossier.peakRssMb } },
      { label: 'raw floor (read + hash)', figures: { 'rows read': floor.rowsRead, 'wall s': seconds(floor.wallMs), 'peak RSS MB': floor.peakRssMb } },
      { label: 'full sync', figures: { 'rows read': full.rowsRead, 'changeset bytes': full.bytes, upserts: full.upserts, deletes: full.deletes, 'wall s': seconds(full.wallMs), 'peak RSS MB': full.peakRssMb } },
      { label: 'nightly incremental', figures: nightFigures(incremental, edits) },
      { label: 'same night, monthly full sync', figures: nightFigures(monthly, edits) },
    ],
    checks: [
      { name: 'incremental/full rows read', value: incremental.rowsRead / full.rowsRead, limit: 0.02 },
      { name: 'incremental/full wall (first full sync)', value: incremental.wallMs / full.wallMs, limit: 0.05 },
      { name: 'incremental/monthly full wall (same night)', value: incremental.wallMs / monthly.wallMs, limit: 0.05 },
      { name: 'full sync/raw floor wall (first full sync)', value: full.wallMs / floor.wallMs, limit: 1.5 },
      { name: 'monthly full sync/raw floor wall', value: monthly.wallMs / floor.wallMs, limit: 1.5 },
      { name: 'peak RSS of a sync', value: Math.max(full.peakRssMb, incremental.peakRssMb, monthly.peakRssMb), limit: 300, unit: 'MB' },
      { name: 'hard deletes missed', value: edits.deleted.length - incremental.deletesFound!, limit: 0 },
      { name: 'silent corrections missed', value: edits.silent.length - incremental.silentFound!, limit: 0 },
      { name: 'corrections missed', value: edits.changed.length - incremental.changedFound!, limit: 0 },
      { name: 'monthly full sync: changes missed', value: edits.deleted.length + edits.silent.length + edits.changed.length - monthly.deletesFound! - monthly.silentFound! - monthly.changedFound!, limit: 0 },
    ],
    notes: [
      `source: ${source.description}`,
      `RSS by quarter of the run (peak of each, MB): full sync ${full.rssByQuarterMb.join(' / ') || 'too short to sample'}; incremental ${incremental.rssByQuarterMb.join(' / ') || 'too short to sample'}; monthly full ${monthly.rssByQuarterMb.join(' / ') || 'too short to sample'}`,
      'first full sync: every record new (validated, sent, written to the state); monthly full sync: the night the incremental syncs, read whole and compared with the state (what a monthly full sync costs the office server)',
      `incremental detection methods: ${methods}`, `full sync asked the adapter: ${describeTally(full.calls)}`, `incremental asked the adapter: ${describeTally(incremental.calls)}`],
  };
}

/** A sync of the night: what it read, sent and cost, and how much of the night's edits it found. */
function nightFigures(sync: SyncFigures & PhaseMemory, edits: NightEdits): Record<string, number | string> {
  return {
    'rows read': sync.rowsRead,
    'changeset bytes': sync.bytes,
    upserts: sync.upserts,
    deletes: sync.deletes,
    'wall s': Math.round(sync.wallMs) / 1000,
    'peak RSS MB': sync.peakRssMb,
    'deletes found': `${sync.deletesFound}/${edits.deleted.length}`,
    'silent found': `${sync.silentFound}/${edits.silent.length}`,
    'changed found': `${sync.changedFound}/${edits.changed.length}`,
  };
}
