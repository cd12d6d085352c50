import { ENTITIES, EntityName, SqlDialect, SqlEntityQueries, SqlEntityQuery } from '@ledgersync/sdk';
import { Column, Table, TABLES } from './tables';

/** A row of `table` (as `alias`) as the dialect's compact JSON array of its cells, in column order. */
function rowText(d: SqlDialect, alias: string, table: Table): string {
  return d.jsonArray(table.columns.map((c) => ({ sql: `${alias}.${d.quote(c.name)}`, kind: c.kind === 'integer' ? 'number' : c.kind })));
}

/**
 * A record's text (its fingerprint is the MD5 of it): a JSON array of its own row's array, then its
 * child rows' arrays in order, `[["VK-1","VK",…],["VK-1",1,"400000",1200,null,…],…]`. JSON is
 * self-delimiting, so no cell can shift into a neighbour; `toRecord` parses this very text, so a
 * record reads as it is fingerprinted. Child rows without a parent row are in no record.
 */
function recordText(d: SqlDialect, table: Table): string {
  const own = rowText(d, 't', table);
  if (!table.child) return d.concat(["'['", own, "']'"]);
  const { table: child, parentKey, order } = table.child;
  const children = d.joinRows({ text: rowText(d, 'c', child), from: `${d.quote(child.name)} c`, where: `c.${d.quote(parentKey)} = t.${d.quote('id')}`, order: `c.${d.quote(order)}` });
  return d.concat(["'['", own, `COALESCE(${d.concat(["','", children])}, '')`, "']'"]);
}

/** Cells back into record fields: NULL is an absent field, `address.*` only when one of its cells is set. */
function recordOf(columns: Column[], cells: unknown[], skip: string[] = []): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    const value = cells[i];
    if (value === null || value === undefined || skip.includes(column.name)) return;
    const [head, tail] = column.field.split('.');
    const target = tail ? ((record[head] ??= {}) as Record<string, unknown>) : record;
    // cells come typed from the JSON text; a bad value (text in an integer column, SQLite holds it) stays as held, for validation to report
    target[tail ?? head] = column.kind === 'boolean' && (value === 0 || value === 1) ? value === 1 : value;
  });
  return record;
}

/** The record a text of `recordText` holds. */
export function fromText(table: Table, text: string): Record<string, unknown> {
  const [own, ...children] = JSON.parse(text) as unknown[][];
  const record = recordOf(table.columns, own);
  if (table.child) record[table.child.field] = children.map((cells) => recordOf(table.child!.table.columns, cells, [table.child!.parentKey, 'position']));
  return record;
}

/** SqlExtraction's input: per entity, its table as `id`, `marker` and `text`. */
export function entityQueries(d: SqlDialect): SqlEntityQueries {
  const queries: Partial<Record<EntityName, SqlEntityQuery>> = {};
  for (const entity of ENTITIES) {
    const table = TABLES[entity];
    queries[entity] = {
      sql: `SELECT t.${d.quote('id')} AS id, t.${d.quote('modified')} AS marker, ${recordText(d, table)} AS text FROM ${d.quote(table.name)} t`,
      toRecord: (row) => fromText(table, String(row.text)) as never,
    };
  }
  return queries as SqlEntityQueries;
}
