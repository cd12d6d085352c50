import { Change, PutChange } from '../recorded/ledger';
import { entryAt, entryIdAt, Slot, slotOf } from './entries';
import { seededRandom } from './random';
import { DossierShape, ENTRIES_PER_CYCLE, GeneratorOptionsError } from './shape';

/** One night's changes to a dossier's entries, as entry indices (each list sorted, lists disjoint). */
export interface ChangePlan {
  /** Entries corrected, their marker advanced. */
  changed: number[];
  /** General entries hard-deleted (never matched, so nothing else breaks). */
  deleted: number[];
  /** Entries corrected without advancing their marker: a restored backup, a fix in a closed period. */
  silent: number[];
  /** The revision the corrected entries get (see `entryAt`). */
  revision: number;
}

export interface ChangePlanOptions {
  /** Which night, from 1: each round picks other entries and gives corrections revision `round`. */
  round: number;
  changed: number;
  deleted: number;
  silent: number;
  /** Entries that exist (default `shape.entries`). */
  entryCount?: number;
  /** Entry indices gone already (deleted earlier): never picked. */
  exclude?: ReadonlySet<number>;
}

/** Picks a night's changes, deterministically from the seed and the round. */
export function planChanges(shape: DossierShape, options: ChangePlanOptions): ChangePlan {
  const entryCount = options.entryCount ?? shape.entries;
  const exclude = options.exclude ?? new Set<number>();
  if (!Number.isInteger(options.round) || options.round < 1) throw new GeneratorOptionsError('round', `must be an integer from 1, got ${options.round}`);
  const random = seededRandom(shape.seed, 0x4c, options.round);
  const taken = new Set<number>(exclude);
  const generalCount = Math.floor((entryCount + ENTRIES_PER_CYCLE - 1 - Slot.General) / ENTRIES_PER_CYCLE);
  // rejection sampling stays fast while at most half of each pool is asked for
  requireRoom('deleted', options.deleted, generalCount - exclude.size);
  requireRoom('changed + silent', options.changed + options.silent + options.deleted, entryCount - exclude.size);
  const pick = (count: number, pool: () => number): number[] => {
    const picked: number[] = [];
    while (picked.length < count) {
      const index = pool();
      if (taken.has(index)) continue;
      taken.add(index);
      picked.push(index);
    }
    return picked.sort((a, b) => a - b);
  };
  const deleted = pick(options.deleted, () => random.int(0, generalCount - 1) * ENTRIES_PER_CYCLE + Slot.General);
  const changed = pick(options.changed, () => random.int(0, entryCount - 1));
  const silent = pick(options.silent, () => random.int(0, entryCount - 1));
  return { changed, deleted, silent, revision: options.round };
}

/** The plan as recorded-ledger changes, streamed: corrections first, then the hard deletes. */
export function* changesOf(shape: DossierShape, plan: ChangePlan): Generator<Change> {
  for (const index of plan.changed) yield { op: 'put', entity: 'entry', record: entryRecord(shape, index, plan.revision) };
  for (const index of plan.silent) yield { op: 'put', entity: 'entry', record: entryRecord(shape, index, plan.revision), silent: true };
  for (const index of plan.deleted) {
    if (slotOf(index) !== Slot.General) throw new GeneratorOptionsError('deleted', `entry ${entryIdAt(shape, index)} is matched and cannot be deleted alone`);
    yield { op: 'delete', entity: 'entry', id: entryIdAt(shape, index) };
  }
}

function entryRecord(shape: DossierShape, index: number, revision: number): PutChange['record'] {
  return entryAt(shape, index, revision) as unknown as PutChange['record'];
}

function requireRoom(option: string, wanted: number, pool: number): void {
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > pool / 2) {
    throw new GeneratorOptionsError(option, `${wanted} changes asked for, but the dossier has room for at most ${Math.floor(pool / 2)}`);
  }
}
