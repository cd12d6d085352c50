import { dossierRecords, dossierShape, EntityName, ExtractionAdapter } from '@ledgersync/sdk';
import { FileSourceProvider, RecordedLedgerAdapter, SOURCE_FILE_FORMAT, SourceFileContent } from '@ledgersync/example-recorded-ledger';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createPluginHost, DEFAULT_LIMITS, MemorySecretStore, PluginHost } from '../../src/host';
import { BatchEncoding, DEFAULT_BATCH_ENCODING, isBatchEncoding } from '../../src/host/rpc/batch-codec';
import type { PluginPermissions } from '../../src/host';
import { buildSource } from '../diff/phases';
import { sqlExample } from '../diff/sql-example';
import { BenchCheck, BenchContext, BenchResult, BenchRow, BenchSection } from '../section';
import { installFixtureDependencies } from '../../test/host/fixture-dependencies';
import { stagedIfChanged } from '../../src/engine/staged-source';
import { openStateStore, StateKeyRow } from '../../src/state';
import { createDiffEngine } from '../../src/engine';
import { CountingReceiver } from '../diff/counting-receiver';

const ROOT = resolve(__dirname, '../../../..');
/** The recorded-ledger adapter holds its whole source in memory (twice, across the boundary): keep the dossier moderate. */
const MAX_LINES = 400_000;

/** A generated dossier as the recorded-ledger adapter's source file. */
function writeSource(path: string, seed: number, lines: number): { entries: number; dossierId: string } {
  const shape = dossierShape({ seed, entries: Math.max(25, Math.ceil(lines / 4)) }); // as the diff bench's buildSource, so both sources hold the same dossier
  const records: SourceFileContent['records'] = {};
  let n = 0;
  // LEDGERSYNC_BENCH_UNICODE=1: descriptions with characters beyond Latin-1 (V8 then copies each batch as UTF-16); the recorded-ledger rows only.
  const unicode = process.env.LEDGERSYNC_BENCH_UNICODE === '1';
  for (const { entity, record } of dossierRecords(shape)) {
    n += 1;
    if (unicode && typeof (record as { description?: unknown }).description === 'string') (record as { description: string }).description += ' — Łódź €';
    (records[entity] ??= []).push([record.id, `2026-01-01T00:00:00.${String(n).padStart(9, '0')}Z`, record]);
  }
  const content: SourceFileContent = { format: SOURCE_FILE_FORMAT, dossier: shape.dossier, clock: '2026-01-02T00:00:00Z', records, deletions: [], pushed: {} };
  writeFileSync(path, JSON.stringify(content));
  return { entries: shape.entries, dossierId: shape.dossier.id };
}

/**
 * What the consumer does. `drain`: counts the entry listing's records, nothing more. `staging`: the
 * diff engine's own per-record staging (engine/staged-source.ts) over the entry listing — on a first
 * full sync every record is new (JSON, bucket, content digest); on a full read of an unchanged
 * dossier each is compared with the state a first full sync left (marker, fingerprint, content
 * digest). `engine`: the diff engine itself syncing the whole dossier (every entity) into a SQLite
 * state store of its own and a receiver that counts — a first full sync, or a monthly full sync of
 * the unchanged dossier from a copy of the state a first full sync left.
 */
type Consumer =
  | { kind: 'drain' }
  | { kind: 'staging, first full' }
  | { kind: 'staging, full read unchanged'; state: Map<string, StateKeyRow> }
  | { kind: 'engine, first full sync'; stateFile: string }
  | { kind: 'engine, monthly full sync unchanged'; stateFile: string; baseline: string };

interface Run {
  records: number;
  /** Wall time. */
  ms: number;
  /** CPU time of the whole process, all threads (user + system): steadier than wall time on a loaded machine. */
  cpuMs: number;
}

async function consume(adapter: ExtractionAdapter, dossierId: string, consumer: Consumer): Promise<Run> {
  if ('stateFile' in consumer) return engineSync(adapter, dossierId, consumer);
  const entity: EntityName = 'entry';
  const started = performance.now();
  const cpu = process.cpuUsage();
  let records = 0;
  let unexpected = 0;
  for await (const record of adapter.read(dossierId, entity)) {
    if (consumer.kind === 'staging, first full') stagedIfChanged(entity, record, undefined);
    else if (consumer.kind === 'staging, full read unchanged' && stagedIfChanged(entity, record, consumer.state.get(record.id))) unexpected += 1;
    records += 1;
  }
  if (unexpected > 0) throw new Error(`${unexpected} records read as changed in a dossier where nothing changed`);
  return finished(records, started, cpu);
}

function finished(records: number, started: number, cpu: NodeJS.CpuUsage): Run {
  const used = process.cpuUsage(cpu);
  return { records, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

/** One full sync through the diff engine: on a new state store, or on a copy of the baseline (nothing to send). */
async function engineSync(adapter: ExtractionAdapter, dossierId: string, consumer: Extract<Consumer, { stateFile: string }>): Promise<Run> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${consumer.stateFile}${suffix}`, { force: true });
  if ('baseline' in consumer) copyFileSync(consumer.baseline, consumer.stateFile);
  const store = await openStateStore({ client: 'sqlite', filename: consumer.stateFile });
  try {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const receiver = new CountingReceiver();
    const result = await createDiffEngine({ store }).sync(adapter, dossierId, { kind: 'full', receiver });
    if ('baseline' in consumer && receiver.upserts + receiver.deletes > 0) throw new Error(`a monthly full sync of an unchanged dossier sent ${receiver.upserts + receiver.deletes} operations`);
    return finished(result.counts.read, started, cpu);
  } finally {
    await store.close();
  }
}

/** The state store after a first full sync, closed (so one file holds it), to copy for each monthly full sync. */
async function baselineState(adapter: ExtractionAdapter, dossierId: string, file: string): Promise<string> {
  await engineSync(adapter, dossierId, { kind: 'engine, first full sync', stateFile: file });
  return file;
}

/** Pairs of (in-process, isolated) reads per row: each pair is read back to back, so load that drifts over minutes touches both sides alike. */
const PAIRS = 4;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

interface SideRuns {
  local: Run[];
  isolated: Run[];
  ratios: number[];
}

/**
 * `PAIRS` interleaved rounds after a warm-up read (the in-process side only the first time): each round reads in-process
 * and through each isolated side (one per batch encoding compared), the order rotating from round to round, so drifting
 * load touches every side alike; each side's slowdown is the median of its ratios to the same round's in-process read.
 */
async function interleaved(local: () => Promise<Run>, isolated: Array<() => Promise<Run>>, warm: boolean): Promise<SideRuns[]> {
  if (!warm) await local();
  for (const side of isolated) await side(); // a new host each row: its plugin process is cold
  const sides: SideRuns[] = isolated.map(() => ({ local: [], isolated: [], ratios: [] }));
  const readers = [local, ...isolated];
  for (let round = 0; round < PAIRS; round++) {
    const order = readers.map((_, i) => (i + round) % readers.length);
    const runs: Run[] = [];
    for (const i of order) runs[i] = await readers[i]();
    sides.forEach((side, i) => {
      side.local.push(runs[0]);
      side.isolated.push(runs[i + 1]);
      side.ratios.push(runs[i + 1].ms / runs[0].ms);
    });
  }
  return sides;
}

/** `LEDGERSYNC_BENCH_ENCODINGS=json,utf8`: the batch encodings the engine-like rows compare, interleaved (default: the host's default only). */
function encodings(): BatchEncoding[] {
  const given = process.env.LEDGERSYNC_BENCH_ENCODINGS;
  if (!given) return [DEFAULT_BATCH_ENCODING];
  return given.split(',').map((text) => {
    const encoding = text.trim();
    if (!isBatchEncoding(encoding)) throw new Error(`LEDGERSYNC_BENCH_ENCODINGS: ${JSON.stringify(text)} is not json or utf8`);
    return encoding;
  });
}

async function activationTimes(context: BenchContext): Promise<BenchRow[]> {
  const host = await createPluginHost({
    pluginFolders: [join(ROOT, 'plugins'), join(ROOT, 'examples'), installFixtureDependencies()],
    logger: quiet,
    permissions: { 'generic-sql': { nativeAddons: true } },
  });
  const rows: BenchRow[] = [];
  try {
    for (const plugin of host.list().filter((p) => p.status === 'loaded')) {
      if (['spinner', 'hanger', 'slow-deactivate', 'intruder'].includes(plugin.id)) continue; // the fault fixtures measure nothing useful here
      context.log(`  activating ${plugin.id}…`);
      try {
        rows.push({ label: `activation: ${plugin.id}`, figures: { ms: Math.round((await host.activate(plugin.id)) * 10) / 10 } });
      } catch (error) {
        rows.push({ label: `activation: ${plugin.id}`, figures: { ms: 'failed', reason: (error as Error).message.slice(0, 80) } });
      }
    }
  } finally {
    await host.close();
  }
  return rows;
}

interface StreamWindow {
  batchSize: number;
  batchesAhead: number;
}

/**
 * The stream windows the engine-like rows compare: `LEDGERSYNC_BENCH_WINDOWS=32x8,256x3` (records per batch × batches read ahead),
 * by default the host's default only (earlier runs compared 16×3, 32×8 and 64×4: none better, docs/plugin-host.md). The drain row and the target checks use the host's default window.
 */
function windows(): StreamWindow[] {
  const given = process.env.LEDGERSYNC_BENCH_WINDOWS;
  if (!given) return [DEFAULT_WINDOW];
  return given.split(',').map((text) => {
    const [batchSize, batchesAhead] = text.trim().split('x').map(Number);
    if (!(batchSize >= 1 && batchesAhead >= 1 && Number.isInteger(batchSize) && Number.isInteger(batchesAhead))) throw new Error(`LEDGERSYNC_BENCH_WINDOWS: ${JSON.stringify(text)} is not <records per batch>x<batches ahead>`);
    return { batchSize, batchesAhead };
  });
}

const DEFAULT_WINDOW: StreamWindow = { batchSize: DEFAULT_LIMITS.batchSize, batchesAhead: DEFAULT_LIMITS.batchesAhead };
const isDefault = (window: StreamWindow) => window.batchSize === DEFAULT_WINDOW.batchSize && window.batchesAhead === DEFAULT_WINDOW.batchesAhead;

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

interface Source {
  name: string;
  adapterId: string;
  pluginDir: string;
  configuration: Record<string, unknown>;
  secrets?: Record<string, string>;
  /** The operator's grant: what the plugin needs beyond its own folder. */
  permissions: PluginPermissions;
  local(): ExtractionAdapter;
}

/** The state after a first full sync: each record's key row, as the engine would have stored it. */
async function stateAfterFullSync(adapter: ExtractionAdapter, dossierId: string, entity: EntityName): Promise<Map<string, StateKeyRow>> {
  const state = new Map<string, StateKeyRow>();
  for await (const record of adapter.read(dossierId, entity)) {
    const staged = stagedIfChanged(entity, record, undefined)!;
    state.set(record.id, { entity, id: record.id, bucket: staged.bucket!, fingerprint: staged.fingerprint!, marker: staged.marker!, digest: staged.digest!, status: 'sent' });
  }
  return state;
}

/** In-process against isolated, for each consumer: one that only counts, the engine's per-record staging, the engine itself. */
async function compare(context: BenchContext, source: Source, dossierId: string, rows: BenchRow[], checks: BenchCheck[]): Promise<void> {
  const rate = (runs: Run[]) => Math.round(median(runs.map((r) => r.records / (r.ms / 1000))));
  const percent = (ratio: number) => Math.round((ratio - 1) * 1000) / 10;
  const local = source.local();
  let warm = false;
  const stateFile = join(context.workDir, `state-${source.adapterId}.db`);
  const consumers: Consumer[] = [
    { kind: 'drain' },
    { kind: 'staging, first full' },
    { kind: 'staging, full read unchanged', state: await stateAfterFullSync(local, dossierId, 'entry') },
    { kind: 'engine, first full sync', stateFile },
    { kind: 'engine, monthly full sync unchanged', stateFile, baseline: await baselineState(local, dossierId, join(context.workDir, `baseline-${source.adapterId}.db`)) },
  ];
  for (const consumer of consumers) {
    const work = consumer.kind !== 'drain';
    const mode = consumer.kind;
    const compared = work ? encodings() : [DEFAULT_BATCH_ENCODING];
    for (const { batchSize, batchesAhead } of work ? windows() : [DEFAULT_WINDOW]) {
      const hosts: PluginHost[] = [];
      try {
        const remotes: ExtractionAdapter[] = [];
        for (const encoding of compared) {
          // The host reads the encoding when it starts the plugin process (bench comparison only).
          process.env.LEDGERSYNC_BATCH_ENCODING = encoding;
          const host = await createPluginHost({
            pluginFolders: [source.pluginDir], limits: { batchSize, batchesAhead, memoryMb: 4096, rssMb: 8192 }, logger: quiet,
            secrets: new MemorySecretStore(source.secrets ?? {}), permissions: { [source.adapterId]: source.permissions },
          });
          hosts.push(host);
          remotes.push(await host.adapter(source.adapterId, source.configuration));
        }
        delete process.env.LEDGERSYNC_BATCH_ENCODING;
        context.log(`  ${source.name}: batch ${batchSize}×${batchesAhead}, ${mode}, ${compared.join(' / ')}, ${PAIRS} rounds…`);
        const sides = await interleaved(() => consume(local, dossierId, consumer), remotes.map((remote) => () => consume(remote, dossierId, consumer)), warm);
        warm = true;
        sides.forEach((runs, i) => {
          const encoding = compared[i];
          const slower = percent(median(runs.ratios));
          rows.push({
            label: `${source.name}, batch ${batchSize}×${batchesAhead} ahead${isDefault({ batchSize, batchesAhead }) ? ' (default)' : ''}, ${mode}${compared.length > 1 || encoding !== DEFAULT_BATCH_ENCODING ? `, batches as ${encoding}` : ''}`,
            figures: {
              records: runs.local[0].records,
              'in-process records/s': rate(runs.local),
              'isolated records/s': rate(runs.isolated),
              'host CPU ms in / iso': `${Math.round(median(runs.local.map((r) => r.cpuMs)))} / ${Math.round(median(runs.isolated.map((r) => r.cpuMs)))}`,
              'vs in-process %': slower,
              'pairs min…max %': `${percent(Math.min(...runs.ratios))} … ${percent(Math.max(...runs.ratios))}`,
            },
          });
          // The issue's target is for an engine-like consumer: the engine itself and its per-record staging alone; drain is for reference.
          if (work && isDefault({ batchSize, batchesAhead }) && encoding === DEFAULT_BATCH_ENCODING) checks.push({ name: `isolation overhead, ${source.name}, ${mode}`, value: slower, limit: 10, unit: '%' });
        });
      } finally {
        delete process.env.LEDGERSYNC_BATCH_ENCODING;
        for (const host of hosts) await host.close();
      }
    }
  }
  await local.close();
}

/**
 * Issues 4 and 17's benchmark: records/s reading entries in-process and through the plugin host's
 * process boundary (a contained child process, IPC with advanced serialization), for the recorded-ledger example (a source held in memory, read up front) and the
 * minimal SQL example over SQLite (a source read page by page); and each plugin's activation time.
 */
export const section: BenchSection = {
  name: 'isolation',
  async run(context: BenchContext): Promise<BenchResult> {
    const lines = Math.min(context.lines, MAX_LINES);
    const sourceFile = join(context.workDir, 'source.json');
    context.log(`generating ~${lines.toLocaleString('en')} lines (seed ${context.seed}) as a recorded-ledger source file and a SQLite database…`);
    const { entries, dossierId } = writeSource(sourceFile, context.seed, lines);
    const database = join(context.workDir, 'source.db');
    await buildSource({ sourceUrl: `sqlite:${database}`, stateFile: join(context.workDir, 'unused.db') }, context.seed, lines);

    const rows: BenchRow[] = [];
    const checks: BenchCheck[] = [];
    await compare(context, {
      name: 'recorded-ledger',
      adapterId: 'recorded-ledger',
      pluginDir: join(ROOT, 'examples', 'recorded-ledger-adapter'),
      configuration: { sourceFile },
      permissions: { readPaths: [context.workDir] },
      local: () => new RecordedLedgerAdapter(new FileSourceProvider(sourceFile), { deletionLog: true }),
    }, dossierId, rows, checks);
    const sql = sqlExample();
    await compare(context, {
      name: 'generic-sql (SQLite)',
      adapterId: 'generic-sql',
      pluginDir: join(ROOT, 'examples', 'minimal-sql-adapter'),
      configuration: { url: 'secret://bench-sqlite' },
      secrets: { 'bench-sqlite': `sqlite:${database}` },
      permissions: { nativeAddons: true, readPaths: [context.workDir] },
      local: () => new sql.SqlAdapter(sql.connect(`sqlite:${database}`)),
    }, dossierId, rows, checks);
    context.log('  activation times…');
    rows.push(...(await activationTimes(context)));
    return {
      rows,
      checks,
      notes: [
        `dossier: ${entries.toLocaleString('en')} entries (~${lines.toLocaleString('en')} lines; capped at ${MAX_LINES.toLocaleString('en')} because the recorded-ledger adapter holds its source in memory); the entry listing is read; each row is ${PAIRS} interleaved rounds (in-process and each compared isolated side back to back, the order rotating) after a warm-up read (the in-process adapter once per source, each new plugin process once), the slowdown the median of the rounds' ratios, records/s the medians`,
        `batch encodings compared (LEDGERSYNC_BENCH_ENCODINGS): ${encodings().join(', ')}; recorded-ledger descriptions beyond Latin-1 (LEDGERSYNC_BENCH_UNICODE=1): ${process.env.LEDGERSYNC_BENCH_UNICODE === '1' ? 'yes' : 'no'}`,
        'drain (no target, for reference): the consumer only counts the entry listing; staging: the diff engine\'s own per-record staging of the entry listing (engine/staged-source.ts), nothing else of the engine — first full: every record new (JSON, bucket, content digest), full read unchanged: each compared with the state a first full sync left; engine: the diff engine syncing the whole dossier into a SQLite state store of its own and a counting receiver — a first full sync, and a monthly full sync of the unchanged dossier from a copy of a first full sync\'s state (records/s counts the records it read); through the plugin host, content digests arrive hashed in the plugin\'s process while the host is behind (read-digests.ts)',
        'activation includes starting the plugin\'s process (under Node\'s permission model)',
        'CPU ms is the host process\'s: in the isolated rows the plugin\'s own process (reading, encoding batches) is not counted',
        ...(context.source === 'sqlite' ? [] : [`--source ${context.source} is ignored here: the minimal SQL example's rows read a SQLite file (the option applies to the diff-engine section)`]),
        `load average when the section ended: ${loadavg().map((load) => load.toFixed(1)).join(' ')} on ${cpus().length} CPUs (figures from a loaded machine are noisy)`,
      ],
    };
  },
};
