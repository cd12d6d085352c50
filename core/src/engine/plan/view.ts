import { EntityName } from '@ledgersync/sdk';
import { PlannedStatus, StateRecords, Staging } from '../../state';

/**
 * The dossier as it will be once the changeset is acknowledged: planned rows where this
 * changeset decided, the acknowledged state elsewhere. Entities are planned in dependency order,
 * so every record a record refers to has been decided when it is asked about.
 */
export class NextStateView {
  constructor(private readonly records: StateRecords, private readonly staging: Staging) {}

  /** Status per id: sent (on the platform), quarantined, or gone/absent (undefined). */
  async statuses(entity: EntityName, ids: readonly string[]): Promise<Map<string, PlannedStatus>> {
    const planned = await this.staging.planByIds(entity, ids);
    const out = new Map<string, PlannedStatus>();
    for (const [id, plan] of planned) out.set(id, plan.status);
    const rest = ids.filter((id) => !planned.has(id));
    if (rest.length > 0) for (const [id, row] of await this.records.byIds(entity, rest)) out.set(id, row.status);
    return out;
  }

  /** The records of these ids that will be on the platform (canonical form), by id. */
  async sentRecords<T>(entity: EntityName, ids: readonly string[]): Promise<Map<string, T>> {
    const planned = await this.staging.planByIds(entity, ids);
    const out = new Map<string, T>();
    const stagedIds = [...planned.values()].filter((p) => p.status === 'sent').map((p) => p.id);
    for (const [id, row] of await this.staging.byIds(entity, stagedIds)) out.set(id, JSON.parse(row.recordJson!) as T);
    const rest = ids.filter((id) => !planned.has(id));
    if (rest.length > 0) {
      for (const [id, row] of await this.records.byIds(entity, rest)) if (row.status === 'sent') out.set(id, JSON.parse(row.recordJson) as T);
    }
    return out;
  }
}
