import { ChangeMarker, DeletedRecord, EntityName } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { ChangeTrackingExpiredError } from './errors';
import { CompanyTables } from './identifiers';
import { SourceContext, SourceRow } from './sources';
import { checkedMarker } from './sql/markers';
import { deletionsQuery, minValidVersionQuery, TrackedTable, TRACKED_TABLES, trackedTablesQuery } from './sql/change-tracking';

/** A change-tracking version as a marker: 16 hex digits, so string order is version order. */
export function versionMarker(version: bigint): ChangeMarker {
  return version.toString(16).padStart(16, '0');
}

/**
 * The deletion log SQL Server keeps when Change Tracking is on. Deletion markers are change-tracking
 * versions (not rowversions: SQL Server keeps the two apart); `deletedSince(since)` lists deletes
 * with a version >= `since`, so the engine passes back the highest deletion marker it has seen.
 */
export class ChangeTrackingLog {
  /** Entities all of whose tables are tracked: only those are declared in `deletedSince`. */
  readonly entities: readonly EntityName[];

  constructor(private readonly tracked: readonly TrackedTable[]) {
    this.entities = [...new Set(tracked.map((table) => table.entity))].filter((entity) =>
      TRACKED_TABLES.filter((table) => table.entity === entity).every((table) => tracked.includes(table)),
    );
  }

  /** Looks up which tables have change tracking on (none: the engine finds deletes by digests only). */
  static async detect(db: Knex, tables: CompanyTables): Promise<ChangeTrackingLog> {
    const rows = (await trackedTablesQuery(db, tables)) as SourceRow[];
    const names = new Set(rows.map((row) => row.name));
    return new ChangeTrackingLog(TRACKED_TABLES.filter((table) => names.has(tables.name(table.table))));
  }

  async *deletedSince(context: SourceContext, since: ChangeMarker): AsyncIterable<DeletedRecord> {
    const tracked = this.tracked.filter((table) => this.entities.includes(table.entity));
    if (tracked.length === 0) return;
    const version = BigInt(`0x${checkedMarker(since, 'since')}`);
    // CHANGETABLE lists versions greater than its argument; the contract asks for >= since
    const afterVersion = version > 0n ? version - 1n : 0n;
    for (const table of tracked) {
      const name = context.tables.name(table.table);
      const [row] = (await minValidVersionQuery(context.db, name)) as SourceRow[];
      const minValid = row?.min_valid === null || row?.min_valid === undefined ? undefined : BigInt(String(row.min_valid));
      if (minValid === undefined || afterVersion < minValid) throw new ChangeTrackingExpiredError(name, afterVersion, minValid ?? -1n);
    }
    const rows = (await deletionsQuery(context, tracked, afterVersion)) as SourceRow[];
    for (const row of rows) yield { entity: row.entity as EntityName, id: String(row.id).trimEnd(), marker: versionMarker(BigInt(String(row.version))) };
  }
}
