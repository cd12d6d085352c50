import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import { Scope, SqlValue } from './entities';
import { READ_TABLES } from './schema-facts';
import { fingerprintSql, xorSql } from './sql/digest-sql';
import { selectRows } from './sql/query';

/**
 * A cheap token that moves whenever anything the adapter reads may have changed: per table it
 * reads, the row count, the latest `modified` and the XOR of a digest of every column of every
 * row (so a silent change moves it too), scoped to the company where the table is. One statement
 * over plain tables — no grouping into entries, no joins — so it costs a fraction of the digests.
 */
export async function probeToken(db: Knex, scope: Scope): Promise<string> {
  const parts: string[] = [];
  const bindings: SqlValue[] = [];
  for (const [table, companyColumn] of Object.entries(READ_TABLES)) {
    const columns = scope.facts.columns.get(table);
    if (!columns) continue;
    const quoted = columns.map((c) => `t.\`${c}\``);
    const latest = columns.includes('modified') ? 'MAX(t.modified)' : 'NULL';
    const where = companyColumn ? ` WHERE t.\`${companyColumn}\` = ?` : '';
    if (companyColumn) bindings.push(scope.company);
    parts.push(`SELECT '${table}' AS tbl, COUNT(*) AS count, ${latest} AS latest, ${xorSql(fingerprintSql(quoted))} AS xorfp FROM \`${table}\` t${where}`);
  }
  const rows = await selectRows(db, parts.join('\nUNION ALL\n'), bindings, `dossier ${scope.company}, probe`);
  const hash = createHash('sha256');
  for (const row of rows) hash.update(`${row.tbl}:${row.count}:${row.latest ?? ''}:${row.xorfp ?? ''};`);
  return hash.digest('hex');
}
