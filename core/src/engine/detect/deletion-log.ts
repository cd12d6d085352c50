import { EntityName } from '@ledgersync/sdk';
import { guarded } from '../adapter-calls';
import { checkedDeletions } from '../source-envelope';
import { SyncContext } from '../context';
import { stagedGone } from '../staged-source';

/**
 * Stages the deletions the source logged since `since` for these entities, where the state holds
 * the record. Run before the change listings, which restage a record deleted and then re-created.
 */
export async function readDeletionLog(ctx: SyncContext, entities: ReadonlySet<EntityName>, since: string): Promise<void> {
  let batch: { entity: EntityName; id: string }[] = [];
  const flush = async () => {
    for (const entity of entities) {
      const ids = batch.filter((d) => d.entity === entity).map((d) => d.id);
      if (ids.length === 0) continue;
      const held = await ctx.records.byIds(entity, ids);
      for (const id of held.keys()) await ctx.stager.add(stagedGone(entity, id));
    }
    batch = [];
  };
  for await (const deleted of checkedDeletions(ctx.dossierId, guarded('deletedSince', ctx.dossierId, undefined, () => ctx.adapter.deletedSince!(ctx.dossierId, since)))) {
    if (!entities.has(deleted.entity)) continue;
    ctx.tally.count(deleted.entity);
    batch.push({ entity: deleted.entity, id: deleted.id });
    if (batch.length === 200) await flush();
  }
  await flush();
}
