import { EntityName } from '@ledgersync/sdk';
import { HashRange } from '../../state';
import { guarded } from '../adapter-calls';
import { checkedRecords } from '../source-envelope';
import { SyncContext } from '../context';
import { stagedGone, stagedIfChanged } from '../staged-source';
import { mergeById } from './merge-by-id';

/**
 * Reads every record of an entity (or of one bucket, or of several in one listing when the adapter
 * takes bucket lists) and merges the listing with the state rows, both in id order: a record only
 * in the source is new, only in the state is a hard delete, in both with another digest,
 * fingerprint or marker is a change. One record of each side in memory.
 */
export async function mergeRead(ctx: SyncContext, entity: EntityName, range?: HashRange | readonly HashRange[]): Promise<void> {
  const options = range === undefined ? {} : Array.isArray(range) ? { ranges: range as readonly HashRange[] } : { range: range as HashRange };
  const source = checkedRecords(ctx.dossierId, entity, guarded('read', ctx.dossierId, entity, () => ctx.adapter.read(ctx.dossierId, entity, options)));
  for await (const { source: record, state } of mergeById(source, ctx.records.iterate(entity, range), { dossierId: ctx.dossierId, entity })) {
    if (!record) {
      await ctx.stager.add(stagedGone(entity, state!.id));
      continue;
    }
    ctx.tally.count(entity);
    ctx.tally.marker(entity, record.marker);
    const staged = stagedIfChanged(entity, record, state);
    if (staged) await ctx.stager.add(staged);
  }
}
