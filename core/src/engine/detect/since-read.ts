import { EntityName, SourceRecord } from '@ledgersync/sdk';
import { guarded } from '../adapter-calls';
import { checkedRecords } from '../source-envelope';
import { SyncContext } from '../context';
import { stagedIfChanged } from '../staged-source';

const BATCH = 200;

/**
 * Records whose marker is at or after the watermark (inclusive: ties at the boundary come back and
 * are dropped here when their digest, fingerprint and marker are unchanged).
 */
export async function sinceRead(ctx: SyncContext, entity: EntityName, watermark: string): Promise<void> {
  let batch: SourceRecord[] = [];
  const flush = async () => {
    const held = await ctx.records.byIds(entity, batch.map((r) => r.id));
    for (const record of batch) {
      const staged = stagedIfChanged(entity, record, held.get(record.id));
      if (staged) await ctx.stager.add(staged);
    }
    batch = [];
  };
  for await (const record of checkedRecords(ctx.dossierId, entity, guarded('read', ctx.dossierId, entity, () => ctx.adapter.read(ctx.dossierId, entity, { since: watermark })))) {
    ctx.tally.count(entity);
    ctx.tally.marker(entity, record.marker);
    batch.push(record);
    if (batch.length === BATCH) await flush();
  }
  await flush();
}
