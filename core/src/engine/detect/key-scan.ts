import { bucketOf, EntityName, KeyRecord } from '@ledgersync/sdk';
import { StateKeyRow } from '../../state';
import { guarded } from '../adapter-calls';
import { checkedKeys, checkedRecords } from '../source-envelope';
import { SyncContext } from '../context';
import { stagedGone, stagedIfChanged } from '../staged-source';
import { mergeById } from './merge-by-id';

/**
 * Merges the source's key listing (ids, markers, fingerprints) with the state: an id only in the
 * state is a hard delete; a new id, or one whose marker or fingerprint moved, is read alone (its
 * 32-bit bucket). Returns false, having staged nothing, when keys carry no fingerprints and silent
 * changes are possible: keys alone cannot find those, and the caller falls back to a full read.
 */
export async function keyScan(ctx: SyncContext, entity: EntityName, silentPossible: boolean): Promise<boolean> {
  const keys = checkedKeys(ctx.dossierId, entity, guarded('keys', ctx.dossierId, entity, () => ctx.adapter.keys!(ctx.dossierId, entity)))[Symbol.asyncIterator]();
  const first = await keys.next();
  if (!first.done && first.value.fingerprint === undefined && silentPossible) return false;
  const listing = (async function* () {
    if (first.done) return;
    yield first.value;
    for (let k = await keys.next(); !k.done; k = await keys.next()) yield k.value;
  })();
  for await (const { source: key, state } of mergeById(listing, ctx.records.iterate(entity), { dossierId: ctx.dossierId, entity })) {
    if (!key) {
      await ctx.stager.add(stagedGone(entity, state!.id));
      continue;
    }
    ctx.tally.count(entity);
    ctx.tally.marker(entity, key.marker);
    if (keyMoved(key, state)) await readOne(ctx, entity, key.id, state);
  }
  return true;
}

function keyMoved(key: KeyRecord, held: StateKeyRow | undefined): boolean {
  if (!held) return true;
  if (key.marker !== held.marker) return true;
  return key.fingerprint !== undefined && key.fingerprint !== held.fingerprint;
}

/** Reads one record through its 32-bit bucket (the contract has no read-by-id). */
async function readOne(ctx: SyncContext, entity: EntityName, id: string, held: StateKeyRow | undefined): Promise<void> {
  const range = { bits: 32, value: bucketOf(id, 32) };
  let found = false;
  for await (const record of checkedRecords(ctx.dossierId, entity, guarded('read', ctx.dossierId, entity, () => ctx.adapter.read(ctx.dossierId, entity, { range })))) {
    ctx.tally.count(entity);
    if (record.id !== id) continue;
    found = true;
    const staged = stagedIfChanged(entity, record, held);
    if (staged) await ctx.stager.add(staged);
  }
  if (!found && held) await ctx.stager.add(stagedGone(entity, id));
}
