import { contentDigest, dossierRecords, dossierShape, ENTITIES, entryAt, entryIdAt, planChanges } from '@ledgersync/sdk';
import { SyncResult } from '../../src/engine/api';
import { createDiffEngine } from '../../src/engine';
import { openStateStore } from '../../src/state';
import { CountingReceiver } from './counting-receiver';
import { HeldRow, sqlExample } from './sql-example';
import { CallTally, tallying } from './tallying-adapter';

/**
 * The benchmark's phases, each a function of files on disk (the source database, the state store)
 * so that each can run in a child process of its own and report its own peak RSS.
 */
export interface BenchFiles {
  /** The generated dossier: the minimal SQL adapter's tables, `sqlite:<file>` or `mysql://…/<database>` (bench-source.ts). */
  sourceUrl: string;
  /** The diff engine's state store (SQLite). */
  stateFile: string;
}

/**
 * Markers: the n-th record of the first load was stamped at LOADED_FROM + n × 100 ms (as a package
 * stamps bookings over weeks; 5M records stay within the month); the night's edits at NIGHT_AT.
 */
const LOADED_FROM = Date.UTC(2026, 9, 1);
const NIGHT_AT = '2026-11-02T02:00:00.000Z';

export interface BuildFigures {
  dossierId: string;
  entries: number;
  lines: number;
  records: number;
}

/** Generates a dossier of about `lines` entry lines (entries of ~4 lines) into the source database. */
export async function buildSource(files: BenchFiles, seed: number, lines: number): Promise<BuildFigures> {
  const shape = dossierShape({ seed, entries: Math.max(25, Math.ceil(lines / 4)) });
  const { connect, createSchema, putRecords } = sqlExample();
  const db = connect(files.sourceUrl);
  const figures = { dossierId: shape.dossier.id, entries: shape.entries, lines: 0, records: 0 };
  try {
    await createSchema(db, shape.dossier);
    async function* held(): AsyncGenerator<HeldRow> {
      for (const { entity, record } of dossierRecords(shape)) {
        figures.records += 1;
        if (entity === 'entry') figures.lines += record.lines.length;
        yield { entity, record, marker: new Date(LOADED_FROM + figures.records * 100).toISOString() };
      }
    }
    await putRecords(db, held(), { replace: false });
  } finally {
    await db.destroy();
  }
  return figures;
}

/** The night's edits, as ids: what the incremental sync must find. */
export interface NightEdits {
  changed: string[];
  deleted: string[];
  silent: string[];
}

/** 0.1 % of entries corrected (marker advanced), 100 hard deletes (raw, no log), 10 silent corrections. */
export async function editSource(files: BenchFiles, seed: number, entries: number): Promise<NightEdits> {
  const shape = dossierShape({ seed, entries });
  const plan = planChanges(shape, { round: 1, changed: Math.max(1, Math.round(entries / 1000)), deleted: 100, silent: 10 });
  const { connect, putRecords, deleteRecords } = sqlExample();
  const db = connect(files.sourceUrl);
  try {
    const corrected = (index: number, marker: string): HeldRow => ({ entity: 'entry', record: entryAt(shape, index, plan.revision), marker });
    await putRecords(db, plan.changed.map((i) => corrected(i, NIGHT_AT)));
    const held = new Map<string, string>((await db('entry').whereIn('id', plan.silent.map((i) => entryIdAt(shape, i))).select('id', 'modified')).map((r) => [r.id, r.modified]));
    await putRecords(db, plan.silent.map((i) => corrected(i, held.get(entryIdAt(shape, i))!))); // the marker stays where it was
    await deleteRecords(db, 'entry', plan.deleted.map((i) => entryIdAt(shape, i)));
  } finally {
    await db.destroy();
  }
  const ids = (indices: number[]) => indices.map((i) => entryIdAt(shape, i));
  return { changed: ids(plan.changed), deleted: ids(plan.deleted), silent: ids(plan.silent) };
}

export interface SyncFigures {
  rowsRead: number;
  bytes: number;
  upserts: number;
  deletes: number;
  pages: number;
  methods: SyncResult['methods'];
  /** What the engine asked of the adapter. */
  calls: CallTally;
  wallMs: number;
  /** Of the night's deletes and silent corrections, how many the sync sent. */
  deletesFound?: number;
  silentFound?: number;
  changedFound?: number;
}

/** One sync through the diff engine into a counting receiver. */
export async function syncSource(files: BenchFiles, dossierId: string, kind: 'full' | 'incremental', edits?: NightEdits): Promise<SyncFigures> {
  const { connect, SqlAdapter } = sqlExample();
  const store = await openStateStore({ client: 'sqlite', filename: files.stateFile });
  const adapter = new SqlAdapter(connect(files.sourceUrl));
  const calls: CallTally = {};
  const receiver = new CountingReceiver(edits ? new Set([...edits.changed, ...edits.deleted, ...edits.silent]) : undefined);
  try {
    const started = performance.now();
    const result = await createDiffEngine({ store }).sync(tallying(adapter, calls), dossierId, { kind, receiver });
    const wallMs = performance.now() - started;
    const found = (ids: string[], sent: ReadonlySet<string>) => ids.filter((id) => sent.has(id)).length;
    return {
      rowsRead: result.counts.read,
      bytes: result.bytes,
      upserts: receiver.upserts,
      deletes: receiver.deletes,
      pages: receiver.pages,
      methods: result.methods,
      calls,
      wallMs,
      ...(edits && {
        deletesFound: found(edits.deleted, receiver.deleted),
        silentFound: found(edits.silent, receiver.upserted),
        changedFound: found(edits.changed, receiver.upserted),
      }),
    };
  } finally {
    await adapter.close();
    await store.close();
  }
}

export interface FloorFigures {
  rowsRead: number;
  wallMs: number;
}

/** The raw floor: read every record through the same adapter and hash it, nothing else. */
export async function hashSource(files: BenchFiles, dossierId: string): Promise<FloorFigures> {
  const { connect, SqlAdapter } = sqlExample();
  const adapter = new SqlAdapter(connect(files.sourceUrl));
  let rowsRead = 0;
  try {
    const started = performance.now();
    for (const entity of ENTITIES) {
      for await (const row of adapter.read(dossierId, entity)) {
        contentDigest(entity, row.record);
        rowsRead += 1;
      }
    }
    return { rowsRead, wallMs: performance.now() - started };
  } finally {
    await adapter.close();
  }
}
