import { EntityName } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { BcTableKey, CompanyTables, quotedIdentifier } from '../identifiers';
import { counterpartyPrefixes, isoDate, SourceContext } from '../sources';
import { ACTIVE_ROWVERSION_BOUND, MARKER_PARAMETER } from './markers';

/**
 * Deletions through SQL Server Change Tracking. CHANGETABLE only keeps the primary key of a deleted
 * row, so only entities whose id *is* a table's primary key can be named: accounts (No_),
 * counterparties (No_), journals (Code) and periods (Starting Date). An entry is a group of G/L
 * rows and a matching a group of detailed ledger rows: their deletes are found by bucket digests.
 */
export interface TrackedTable {
  entity: EntityName;
  table: BcTableKey;
  /** The table's primary key column (a constant, bracket-quoted). */
  key: string;
  /** SQL for the canonical id from the CHANGETABLE row `ct`, and its bindings. */
  id: (context: SourceContext) => { sql: string; bindings: string[] };
}

export const TRACKED_TABLES: readonly TrackedTable[] = [
  { entity: 'period', table: 'accountingPeriod', key: '[Starting Date]', id: () => ({ sql: isoDate('ct.[Starting Date]'), bindings: [] }) },
  { entity: 'journal', table: 'sourceCode', key: '[Code]', id: () => ({ sql: 'ct.[Code]', bindings: [] }) },
  { entity: 'account', table: 'glAccount', key: '[No_]', id: () => ({ sql: 'ct.[No_]', bindings: [] }) },
  { entity: 'counterparty', table: 'customer', key: '[No_]', id: (context) => ({ sql: 'CONCAT(?, ct.[No_])', bindings: [counterpartyPrefixes(context).customer] }) },
  { entity: 'counterparty', table: 'vendor', key: '[No_]', id: (context) => ({ sql: 'CONCAT(?, ct.[No_])', bindings: [counterpartyPrefixes(context).vendor] }) },
  { entity: 'counterparty', table: 'employee', key: '[No_]', id: (context) => ({ sql: 'CONCAT(?, ct.[No_])', bindings: [counterpartyPrefixes(context).employee] }) },
];

/** Which of our tables have change tracking enabled (`sys.change_tracking_tables`). */
export function trackedTablesQuery(db: Knex, tables: CompanyTables): Knex.QueryBuilder {
  return db
    .select('t.name')
    .from('sys.change_tracking_tables as ctt')
    .join('sys.tables as t', 't.object_id', 'ctt.object_id')
    .whereIn('t.name', TRACKED_TABLES.map((tracked) => tables.name(tracked.table)));
}

/** The oldest version SQL Server can still list changes from, for one table. */
export function minValidVersionQuery(db: Knex, table: string): Knex.Raw {
  // OBJECT_ID takes the name as a string: bound as a parameter, bracket-quoted inside
  return db.raw('SELECT CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(?)) AS [min_valid]', [`[dbo].${quotedIdentifier(table)}`]);
}

export function currentVersionQuery(db: Knex): Knex.Raw {
  return db.raw('SELECT CHANGE_TRACKING_CURRENT_VERSION() AS [current_version]');
}

/**
 * The change-tracking version the table had reached when its rowversion was `marker`, from below:
 * the highest version among rows last written at or before that rowversion (CHANGETABLE(VERSION)
 * per row). Changes after it include every change after `marker`. NULL when no such row still
 * carries tracking information (none, or all cleaned up).
 */
export function versionAtMarkerQuery(context: SourceContext, tracked: TrackedTable, marker: string): Knex.Raw {
  const table = context.tables.ref(context.db, tracked.table);
  return context.db.raw(
    `SELECT MAX(v.[SYS_CHANGE_VERSION]) AS [version_at]
  FROM ?? t CROSS APPLY CHANGETABLE(VERSION ??, (${tracked.key}), (t.${tracked.key})) AS v
  WHERE t.[timestamp] <= ${MARKER_PARAMETER}`,
    [table, table, marker],
  );
}

/**
 * Rows of one table deleted after `afterVersion` (net: a row deleted and re-inserted is not listed),
 * marked with `MIN_ACTIVE_ROWVERSION()`, not `@@DBTS`: a watermark moved up to @@DBTS would pass
 * over rows that transactions still open have written below it. The version goes through a BIGINT
 * variable: CHANGETABLE takes a variable or a constant there.
 */
export function deletionsQuery(context: SourceContext, tracked: TrackedTable, afterVersion: bigint): Knex.Raw {
  const id = tracked.id(context);
  return context.db.raw(
    `DECLARE @last_sync_version BIGINT = CAST(? AS BIGINT);
  SELECT ${id.sql} AS [id], ct.[SYS_CHANGE_VERSION] AS [version], CONVERT(binary(8), ${ACTIVE_ROWVERSION_BOUND}) AS [dbts]
  FROM CHANGETABLE(CHANGES ??, @last_sync_version) AS ct
  WHERE ct.[SYS_CHANGE_OPERATION] = 'D'
  ORDER BY ct.[SYS_CHANGE_VERSION]`,
    [afterVersion.toString(), ...id.bindings, context.tables.ref(context.db, tracked.table)],
  );
}

/** SQL statements that switch change tracking on for the database and the tracked tables (fixture and README). */
export function enableChangeTrackingStatements(db: Knex, tables: CompanyTables, retentionDays = 7): Knex.Raw[] {
  if (!Number.isInteger(retentionDays) || retentionDays < 1) throw new RangeError('retentionDays must be a positive integer');
  return [
    db.raw(`IF NOT EXISTS (SELECT 1 FROM sys.change_tracking_databases WHERE database_id = DB_ID()) ALTER DATABASE CURRENT SET CHANGE_TRACKING = ON (CHANGE_RETENTION = ${retentionDays} DAYS, AUTO_CLEANUP = ON)`),
    ...TRACKED_TABLES.map((tracked) => db.raw('ALTER TABLE ?? ENABLE CHANGE_TRACKING', [tables.ref(db, tracked.table)])),
  ];
}
