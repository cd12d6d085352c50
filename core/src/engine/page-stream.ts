import { ENTITIES, EntityName, LedgerRecord } from '@ledgersync/sdk';
import { ChangeOperation } from '../changeset/types';
import { PageRecord, Staging } from '../state';

/**
 * The changeset's operations in wire order — deletes in reverse dependency order, then upserts in
 * dependency order, each entity in id order. Derived from the planned rows each time, so a resumed
 * run cuts exactly the same pages.
 */
export async function* operationOrder(staging: Staging): AsyncGenerator<PageRecord & { op: 'upsert' | 'delete' }> {
  for (const entity of [...ENTITIES].reverse()) for await (const row of staging.planned(entity, 'delete')) yield { entity, id: row.id, op: 'delete' };
  for (const entity of ENTITIES) for await (const row of staging.planned(entity, 'upsert')) yield { entity, id: row.id, op: 'upsert' };
}

/** The operations of one page, upserts carrying the canonical record and its content digest. */
export async function operationsOf(staging: Staging, refs: readonly (PageRecord & { op: 'upsert' | 'delete' })[]): Promise<ChangeOperation[]> {
  const upserts = new Map<EntityName, string[]>();
  for (const ref of refs) {
    if (ref.op !== 'upsert') continue;
    const ids = upserts.get(ref.entity);
    if (ids) ids.push(ref.id);
    else upserts.set(ref.entity, [ref.id]);
  }
  const records = new Map<string, { record: LedgerRecord; digest: string }>();
  for (const [entity, ids] of upserts) {
    for (const [id, row] of await staging.byIds(entity, ids)) records.set(`${entity}\u0000${id}`, { record: JSON.parse(row.recordJson!) as LedgerRecord, digest: row.digest! });
  }
  return refs.map((ref): ChangeOperation => {
    if (ref.op === 'delete') return { op: 'delete', entity: ref.entity, id: ref.id };
    const found = records.get(`${ref.entity}\u0000${ref.id}`)!;
    return { op: 'upsert', entity: ref.entity, id: ref.id, record: found.record, digest: found.digest };
  });
}
