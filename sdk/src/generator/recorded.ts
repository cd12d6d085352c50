import { countRecords } from '../model/state';
import { portalFigures } from '../model/figures';
import { Change, PutChange, RECORDED_LEDGER_FORMAT, RecordedLedger, Step } from '../recorded/ledger';
import { replay, truthOf } from '../recorded/replay';
import { dossierRecords, GeneratedRecord, matchingRecords } from './dossier';
import { entryAt } from './entries';
import { changesOf, planChanges } from './history';
import { DossierOptions, dossierShape, DossierShape, ENTRIES_PER_CYCLE } from './shape';

export interface RecordedLedgerOptions extends Omit<DossierOptions, 'capacity'> {
  /** Steps in all (at least 1): step 0 loads the dossier (`full`), each later one is a night (`incremental`). */
  steps: number;
  /** Entries booked per later step (default: a tenth of `entries`, at least 1). */
  newEntriesPerStep?: number;
  /** Entries corrected per later step, marker advanced (default: a twentieth of `entries`, at least 1). */
  changedPerStep?: number;
  /** General entries hard-deleted per later step (default 1). */
  deletesPerStep?: number;
  /** Entries corrected silently per later step (default 1). */
  silentPerStep?: number;
  /** The ledger's name (default `generated-<seed>-<entries>`). */
  name?: string;
}

/**
 * A recorded ledger (format version 1) for conformance runs: a generated dossier, then nights of
 * new entries with their matchings, corrections, hard deletes and silent corrections. Each step's
 * `expect` holds the portal figures and counts of the replayed truth, computed by the SDK.
 * Held in memory: meant for small sizes (up to some thousands of entries).
 */
export function generateRecordedLedger(options: RecordedLedgerOptions): RecordedLedger {
  const perStep = {
    added: options.newEntriesPerStep ?? Math.max(1, Math.round(options.entries / 10)),
    changed: options.changedPerStep ?? Math.max(1, Math.round(options.entries / 20)),
    deleted: options.deletesPerStep ?? 1,
    silent: options.silentPerStep ?? 1,
  };
  const steps = Math.max(1, options.steps);
  const shape = dossierShape({ ...options, capacity: options.entries + (steps - 1) * perStep.added });
  const ledger: RecordedLedger = {
    format: RECORDED_LEDGER_FORMAT,
    name: options.name ?? `generated-${shape.seed}-${shape.entries}`,
    description: `Generated (seed ${shape.seed}): ${shape.entries} entries, then ${steps - 1} nights of new entries, corrections, hard deletes and silent corrections.`,
    dossier: shape.dossier,
    steps: [{ label: 'initial load', at: stepTime(shape, 0), changes: [...asPuts(dossierRecords(shape))], sync: 'full' }],
  };
  const deleted = new Set<number>();
  let entryCount = shape.entries;
  for (let round = 1; round < steps; round++) {
    const plan = planChanges(shape, { round, changed: perStep.changed, deleted: perStep.deleted, silent: perStep.silent, entryCount, exclude: deleted });
    const added = Math.min(perStep.added, shape.capacity - entryCount);
    const changes: Change[] = [...asPuts(newEntries(shape, entryCount, added)), ...changesOf(shape, plan)];
    plan.deleted.forEach((index) => deleted.add(index));
    entryCount += added;
    ledger.steps.push({ label: `night ${round}`, at: stepTime(shape, round), changes, sync: 'incremental' });
  }
  for (const replayed of replay(ledger)) ledger.steps[replayed.index].expect = expectOf(ledger, replayed);
  return ledger;
}

/** Entries `from … from+count-1` and the matchings they complete. */
function* newEntries(shape: DossierShape, from: number, count: number): Generator<GeneratedRecord> {
  for (let i = from; i < from + count; i++) yield { entity: 'entry', record: entryAt(shape, i) };
  const before = new Set<string>();
  for (const { record } of matchingRecords(shape, from, Math.floor(from / ENTRIES_PER_CYCLE))) before.add(record.id);
  for (const generated of matchingRecords(shape, from + count, Math.floor(from / ENTRIES_PER_CYCLE))) {
    if (!before.has(generated.record.id)) yield generated;
  }
}

function* asPuts(records: Iterable<GeneratedRecord>): Generator<Change> {
  for (const { entity, record } of records) yield { op: 'put', entity, record: record as unknown as PutChange['record'] };
}

/** Nightly at 02:00 UTC from the first of December of the last fiscal year. */
function stepTime(shape: DossierShape, step: number): string {
  return new Date(Date.UTC(shape.firstYear + shape.fiscalYears - 1, 11, 1 + step, 2)).toISOString().replace('.000Z', 'Z');
}

function expectOf(ledger: RecordedLedger, replayed: Parameters<typeof truthOf>[1]): Step['expect'] {
  const { state } = truthOf(ledger, replayed);
  return { ...portalFigures(state), counts: countRecords(state) };
}
