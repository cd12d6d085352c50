import { EntityName } from '@ledgersync/sdk';
import { PlannedStatus, StateRecords, Staging } from '../../state';

const STATUS_CACHE_LIMIT = 100_000;

/**
 * The dossier as it will be once the changeset is acknowledged: planned rows where this
 * changeset decided, the acknowledged state elsewhere. Entities are planned in dependency order,
 * so every record a record refers to has been decided when it is asked about.
 */
export class NextStateView {
  /**
   * Statuses already looked up. An entity is only asked about once it is fully planned, so its
   * statuses are final: the journals, accounts and counterparties every batch of entries refers to
   * are read once. Bounded: cleared past {@link STATUS_CACHE_LIMIT} entries.
   */
  private readonly known = new Map<string, PlannedStatus | null>();

  constructor(private readonly records: StateRecords, private readonly staging: Staging) {}

  /** Status per id: sent (on the platform), quarantined, or gone/absent (undefined). */
  async statuses(entity: EntityName, ids: readonly string[]): Promise<Map<string, PlannedStatus>> {
    const key = (id: string) => `${entity}\u0000${id}`;
    const out = new Map<string, PlannedStatus>();
    const unknown = ids.filter((id) => !this.known.has(key(id)));
    if (unknown.length > 0) {
      if (this.known.size + unknown.length > STATUS_CACHE_LIMIT) this.known.clear();
      const planned = await this.staging.planByIds(entity, unknown);
      const rest = unknown.filter((id) => !planned.has(id));
      const held = rest.length > 0 ? await this.records.byIds(entity, rest) : new Map();
      for (const id of unknown) this.known.set(key(id), planned.get(id)?.status ?? held.get(id)?.status ?? null);
    }
    for (const id of ids) {
      const status = this.known.get(key(id));
      if (status) out.set(id, status);
    }
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
