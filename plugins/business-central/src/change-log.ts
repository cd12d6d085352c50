import { ChangeMarker, DeletedRecord, EntityName } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { ChangeTrackingExpiredError } from './errors';
import { CompanyTables } from './identifiers';
import { SourceContext, SourceRow } from './sources';
import { checkedMarker, markerOf } from './sql/markers';
import { deletionsQuery, minValidVersionQuery, TrackedTable, TRACKED_TABLES, trackedTablesQuery, versionAtMarkerQuery } from './sql/change-tracking';

/**
 * The deletion log SQL Server keeps when Change Tracking is on. The engine asks for deletions
 * since a rowversion marker (its watermark), but change tracking counts in its own versions. So
 * per table the adapter takes the highest version among rows written at or before that marker (a
 * lower bound of the version the table had then) and lists deletes after it: possibly a few from
 * before the watermark, which is harmless (the engine only deletes what it still holds), never
 * fewer. Each deletion carries the current rowversion (`@@DBTS`) as its marker. When that lower
 * bound is older than `CHANGE_TRACKING_MIN_VALID_VERSION`, deletes may have been cleaned up:
 * `ChangeTrackingExpiredError` asks for a full sync.
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
    const marker = checkedMarker(since, 'since');
    for (const table of this.tracked.filter((tracked) => this.entities.includes(tracked.entity))) {
      const name = context.tables.name(table.table);
      const [at] = (await versionAtMarkerQuery(context, table, marker)) as SourceRow[];
      const [valid] = (await minValidVersionQuery(context.db, name)) as SourceRow[];
      const minValid = optionalBigInt(valid?.min_valid);
      if (minValid === undefined) throw new ChangeTrackingExpiredError(name, -1n, -1n);
      // no row written before the marker keeps tracking information: list every delete still retained
      const versionAt = optionalBigInt(at?.version_at) ?? minValid;
      if (versionAt < minValid) throw new ChangeTrackingExpiredError(name, versionAt, minValid);
      for (const row of (await deletionsQuery(context, table, versionAt)) as SourceRow[]) {
        yield { entity: table.entity, id: String(row.id).trimEnd(), marker: markerOf(row.dbts) };
      }
    }
  }
}

function optionalBigInt(value: unknown): bigint | undefined {
  return value === null || value === undefined ? undefined : BigInt(String(value));
}
