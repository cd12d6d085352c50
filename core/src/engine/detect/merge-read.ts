import { compareIds, EntityName } from '@ledgersync/sdk';
import { HashRange, StateRow } from '../../state';
import { guarded } from '../adapter-calls';
import { SyncContext } from '../context';
import { SourceOrderError } from '../errors';
import { differs, stagedFromSource, stagedGone } from '../staged-source';

/**
 * Reads every record of an entity (or of one bucket) and merges the listing with the state rows,
 * both in id order: a record only in the source is new, only in the state is a hard delete, in
 * both with another digest, fingerprint or marker is a change. One record of each side in memory.
 */
export async function mergeRead(ctx: SyncContext, entity: EntityName, range?: HashRange): Promise<void> {
  const source = guarded('read', ctx.dossierId, entity, () => ctx.adapter.read(ctx.dossierId, entity, range ? { range } : {}))[Symbol.asyncIterator]();
  const state = ctx.records.iterate(entity, range)[Symbol.asyncIterator]();
  let s = await source.next();
  let t = await state.next();
  let previous: string | undefined;
  while (!s.done || !t.done) {
    if (!s.done && previous !== undefined && compareIds(previous, s.value.id) >= 0) throw new SourceOrderError(ctx.dossierId, entity, previous, s.value.id);
    const order = s.done ? 1 : t.done ? -1 : compareIds(s.value.id, t.value.id);
    if (order < 0 || order === 0) {
      const record = s.value!;
      ctx.tally.count(entity);
      ctx.tally.marker(entity, record.marker);
      const staged = stagedFromSource(entity, record);
      const held: StateRow | undefined = order === 0 ? t.value! : undefined;
      if (differs(staged, held)) await ctx.stager.add(staged);
      previous = record.id;
      s = await source.next();
      if (order === 0) t = await state.next();
    } else {
      await ctx.stager.add(stagedGone(entity, t.value!.id));
      t = await state.next();
    }
  }
}
