import { Knex } from 'knex';
import { BcTable, BcTableKey, CompanyTables } from '../identifiers';

/** Tables whose change may change the ledger the adapter serves. */
export const PROBED_TABLES: readonly BcTableKey[] = Object.keys(BcTable).filter((key) => key !== 'companyInformation' && key !== 'generalLedgerSetup') as BcTableKey[];

/**
 * Per table: row count and highest rowversion. Together they move on any insert, update or
 * delete (a delete lowers the count), which is what the probe token must notice.
 */
export function probeQuery(db: Knex, tables: CompanyTables): Knex.Raw {
  const selects = PROBED_TABLES.map(() => 'SELECT ? AS [tbl], COUNT_BIG(*) AS [n], MAX([timestamp]) AS [ts] FROM ??');
  const bindings = PROBED_TABLES.flatMap((table) => [BcTable[table], tables.ref(db, table)]);
  return db.raw(selects.join('\n  UNION ALL\n  '), bindings);
}
