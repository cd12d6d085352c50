import { ENTITIES, EntityName, LedgerRecord } from '@ledgersync/sdk';
import { ChangeOperation } from '../changeset/types';
import { AppliedRecord, PlanRow, Staging } from '../state';

/** A planned row that travels: an upsert or a delete. */
export type PlannedOperation = PlanRow & { op: 'upsert' | 'delete' };

/**
 * The changeset's operations in wire order — deletes in reverse dependency order, then upserts in
 * dependency order, each entity in id order. Derived from the planned rows each time, so a resumed
 * run cuts exactly the same pages.
 */
export async function* operationOrder(staging: Staging): AsyncGenerator<PlannedOperation> {
  for (const entity of [...ENTITIES].reverse()) for await (const row of staging.planned(entity, 'delete')) yield row as PlannedOperation;
  for (const entity of ENTITIES) for await (const row of staging.planned(entity, 'upsert')) yield row as PlannedOperation;
}

/**
 * A page's records as the state applies them: each plan with what the source showed (read once,
 * for the wire and for the state), except records that are gone.
 */
export async function pageRecords(staging: Staging, planned: readonly PlannedOperation[]): Promise<AppliedRecord[]> {
  const wanted = new Map<EntityName, string[]>();
  for (const plan of planned) {
    if (plan.status === 'gone') continue;
    const ids = wanted.get(plan.entity);
    if (ids) ids.push(plan.id);
    else wanted.set(plan.entity, [plan.id]);
  }
  const staged = new Map<string, AppliedRecord['staged']>();
  for (const [entity, ids] of wanted) for (const [id, row] of await staging.byIds(entity, ids)) staged.set(`${entity}\u0000${id}`, row);
  return planned.map((plan) => ({ plan, staged: staged.get(`${plan.entity}\u0000${plan.id}`) }));
}

/** The operations of one page, upserts carrying the canonical record and its content digest. */
export function operationsOf(records: readonly AppliedRecord[]): ChangeOperation[] {
  return records.map(({ plan, staged }): ChangeOperation => {
    if (plan.op === 'delete') return { op: 'delete', entity: plan.entity, id: plan.id };
    return { op: 'upsert', entity: plan.entity, id: plan.id, record: JSON.parse(staged!.recordJson!) as LedgerRecord, digest: staged!.digest! };
  });
}
