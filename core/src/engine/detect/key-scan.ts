import { bucketOf, compareIds, EntityName, KeyRecord } from '@ledgersync/sdk';
import { StateRow } from '../../state';
import { guarded } from '../adapter-calls';
import { SyncContext } from '../context';
import { SourceOrderError } from '../errors';
import { differs, stagedFromSource, stagedGone } from '../staged-source';

/**
 * Merges the source's key listing (ids, markers, fingerprints) with the state: an id only in the
 * state is a hard delete; a new id, or one whose marker or fingerprint moved, is read alone (its
 * 32-bit bucket). Returns false, having staged nothing, when keys carry no fingerprints and silent
 * changes are possible: keys alone cannot find those, and the caller falls back to a full read.
 */
export async function keyScan(ctx: SyncContext, entity: EntityName, silentPossible: boolean): Promise<boolean> {
  const keys = guarded('keys', ctx.dossierId, entity, () => ctx.adapter.keys!(ctx.dossierId, entity))[Symbol.asyncIterator]();
  const state = ctx.records.iterate(entity)[Symbol.asyncIterator]();
  let k = await keys.next();
  if (!k.done && k.value.fingerprint === undefined && silentPossible) return false;
  let t = await state.next();
  let previous: string | undefined;
  while (!k.done || !t.done) {
    if (!k.done && previous !== undefined && compareIds(previous, k.value.id) >= 0) throw new SourceOrderError(ctx.dossierId, entity, previous, k.value.id);
    const order = k.done ? 1 : t.done ? -1 : compareIds(k.value.id, t.value.id);
    if (order <= 0) {
      const key = k.value!;
      ctx.tally.count(entity);
      ctx.tally.marker(entity, key.marker);
      if (keyMoved(key, order === 0 ? t.value! : undefined)) await readOne(ctx, entity, key.id, order === 0 ? t.value! : undefined);
      previous = key.id;
      k = await keys.next();
      if (order === 0) t = await state.next();
    } else {
      await ctx.stager.add(stagedGone(entity, t.value!.id));
      t = await state.next();
    }
  }
  return true;
}

function keyMoved(key: KeyRecord, held: StateRow | undefined): boolean {
  if (!held) return true;
  if (key.marker !== held.marker) return true;
  return key.fingerprint !== undefined && key.fingerprint !== held.fingerprint;
}

/** Reads one record through its 32-bit bucket (the contract has no read-by-id). */
async function readOne(ctx: SyncContext, entity: EntityName, id: string, held: StateRow | undefined): Promise<void> {
  const range = { bits: 32, value: bucketOf(id, 32) };
  let found = false;
  for await (const record of guarded('read', ctx.dossierId, entity, () => ctx.adapter.read(ctx.dossierId, entity, { range }))) {
    ctx.tally.count(entity);
    if (record.id !== id) continue;
    found = true;
    const staged = stagedFromSource(entity, record);
    if (differs(staged, held)) await ctx.stager.add(staged);
  }
  if (!found && held) await ctx.stager.add(stagedGone(entity, id));
}
