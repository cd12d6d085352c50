import { EntityName } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { BcTableKey, CompanyTables } from '../identifiers';
import { counterpartyPrefixes, isoDate, SourceContext } from '../sources';

/**
 * Deletions through SQL Server Change Tracking. CHANGETABLE only keeps the primary key of a deleted
 * row, so only entities whose id *is* a table's primary key can be named: accounts (No_),
 * counterparties (No_), journals (Code) and periods (Starting Date). An entry is a group of G/L
 * rows and a matching a group of detailed ledger rows: their deletes are found by bucket digests.
 */
export interface TrackedTable {
  entity: EntityName;
  table: BcTableKey;
  /** SQL for the canonical id from the CHANGETABLE row `ct`, and its bindings. */
  id: (context: SourceContext) => { sql: string; bindings: string[] };
}

export const TRACKED_TABLES: readonly TrackedTable[] = [
  { entity: 'period', table: 'accountingPeriod', id: () => ({ sql: isoDate('ct.[Starting Date]'), bindings: [] }) },
  { entity: 'journal', table: 'sourceCode', id: () => ({ sql: 'ct.[Code]', bindings: [] }) },
  { entity: 'account', table: 'glAccount', id: () => ({ sql: 'ct.[No_]', bindings: [] }) },
  { entity: 'counterparty', table: 'customer', id: (context) => ({ sql: 'CONCAT(?, ct.[No_])', bindings: [counterpartyPrefixes(context).customer] }) },
  { entity: 'counterparty', table: 'vendor', id: (context) => ({ sql: 'CONCAT(?, ct.[No_])', bindings: [counterpartyPrefixes(context).vendor] }) },
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
  return db.raw('SELECT CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(?)) AS [min_valid]', [`[dbo].[${table}]`]);
}

export function currentVersionQuery(db: Knex): Knex.Raw {
  return db.raw('SELECT CHANGE_TRACKING_CURRENT_VERSION() AS [current_version]');
}

/**
 * Rows deleted after `afterVersion` in every given table, with the version of the delete, in
 * version order (one statement). The version goes through a BIGINT variable: CHANGETABLE takes a
 * variable or a constant there.
 */
export function deletionsQuery(context: SourceContext, tracked: readonly TrackedTable[], afterVersion: bigint): Knex.Raw {
  if (tracked.length === 0) throw new RangeError('deletionsQuery needs at least one tracked table');
  const bindings: string[] = [afterVersion.toString()];
  const selects = tracked.map((table) => {
    const id = table.id(context);
    bindings.push(table.entity, ...id.bindings, context.tables.name(table.table));
    return `SELECT ? AS [entity], ${id.sql} AS [id], ct.[SYS_CHANGE_VERSION] AS [version]
  FROM CHANGETABLE(CHANGES ??, @last_sync_version) AS ct WHERE ct.[SYS_CHANGE_OPERATION] = 'D'`;
  });
  return context.db.raw(
    `DECLARE @last_sync_version BIGINT = CAST(? AS BIGINT);
  SELECT [entity], [id], [version] FROM (${selects.join('\n  UNION ALL\n  ')}) AS d
  ORDER BY [version], [entity], [id]`,
    bindings,
  );
}

/** SQL statements that switch change tracking on for the database and the tracked tables (fixture and README). */
export function enableChangeTrackingStatements(db: Knex, tables: CompanyTables, retentionDays = 7): Knex.Raw[] {
  if (!Number.isInteger(retentionDays) || retentionDays < 1) throw new RangeError('retentionDays must be a positive integer');
  return [
    db.raw(`IF NOT EXISTS (SELECT 1 FROM sys.change_tracking_databases WHERE database_id = DB_ID()) ALTER DATABASE CURRENT SET CHANGE_TRACKING = ON (CHANGE_RETENTION = ${retentionDays} DAYS, AUTO_CLEANUP = ON)`),
    ...TRACKED_TABLES.map((tracked) => db.raw('ALTER TABLE ?? ENABLE CHANGE_TRACKING', [tables.name(tracked.table)])),
  ];
}
