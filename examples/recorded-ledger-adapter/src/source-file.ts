import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { ChangeMarker, DeletedRecord, DossierInfo, ENTITIES, EntityName, LedgersyncError, SourceSnapshot, emptySnapshot } from '@ledgersync/sdk';

/**
 * The backend of the recorded-ledger adapter: one JSON file holding a dossier's source state,
 * its deletion log and its clock. The fixture driver writes it; the adapter reads it again
 * whenever it changes, and writes pushed proposals into it, as a package writes its database.
 */
export const SOURCE_FILE_FORMAT = 'ledgersync/memory-source@1';

export interface SourceFileContent {
  format: typeof SOURCE_FILE_FORMAT;
  dossier: DossierInfo;
  /** The source's clock: markers of records it writes now (pushed proposals). */
  clock: ChangeMarker;
  records: { [E in EntityName]?: [id: string, marker: ChangeMarker, record: unknown][] };
  deletions: DeletedRecord[];
  /** Proposal id → entry id, so that a proposal pushed twice is booked once. */
  pushed: Record<string, string>;
}

/** A source held in memory. */
export interface MemorySource {
  dossier: DossierInfo;
  clock: ChangeMarker;
  snapshot: SourceSnapshot;
  deletions: DeletedRecord[];
  pushed: Map<string, string>;
}

export function toFileContent(source: MemorySource): SourceFileContent {
  const records: SourceFileContent['records'] = {};
  for (const entity of ENTITIES) {
    records[entity] = [...source.snapshot[entity]].map(([id, held]) => [id, held.marker, held.record]);
  }
  return { format: SOURCE_FILE_FORMAT, dossier: source.dossier, clock: source.clock, records, deletions: source.deletions, pushed: Object.fromEntries(source.pushed) };
}

export function fromFileContent(content: SourceFileContent, path: string): MemorySource {
  if (content?.format !== SOURCE_FILE_FORMAT) throw new LedgersyncError('SOURCE_FILE_INVALID', `${path} is not a ${SOURCE_FILE_FORMAT} file`);
  const snapshot = emptySnapshot();
  for (const entity of ENTITIES) {
    for (const [id, marker, record] of content.records[entity] ?? []) snapshot[entity].set(id, { record, marker });
  }
  return { dossier: content.dossier, clock: content.clock, snapshot, deletions: content.deletions, pushed: new Map(Object.entries(content.pushed ?? {})) };
}

export function readSourceFile(path: string): MemorySource {
  return fromFileContent(JSON.parse(readFileSync(path, 'utf8')) as SourceFileContent, path);
}

/** Writes atomically (temp file, then rename), so a reader never sees half a file. */
export function writeSourceFile(path: string, source: MemorySource): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(toFileContent(source)));
  renameSync(temp, path);
}
