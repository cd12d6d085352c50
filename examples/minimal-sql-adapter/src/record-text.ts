import type { Dialect } from './dialect';
import { Table } from './tables';

/**
 * The text a record's fingerprint is the MD5 of, in SQL over the parent table's current row (the
 * query's FROM must name the parent table as itself): the parent row as a compact JSON array of its
 * cells in column order, then each of its child rows' arrays in child order (`line`, `position`),
 * nothing between: `["VK-1","VK",…]["VK-1",1,"400000",1200,null,…]…`. Text cells are JSON strings,
 * integers numbers, NULL `null`. A JSON array is self-delimiting (its strings are quoted and
 * escaped), so no text can shift into a neighbouring cell or row and give the same bytes, whatever
 * the values hold. Built natively (SQLite's `json_array`, one call a row), so that SQLite calls JS
 * once a record, not once a row. Child rows whose parent row is missing belong to no record.
 */
export function recordText(sql: Dialect, table: Table): string {
  const own = sql.rowText(table.name, table.columns);
  if (!table.child) return own;
  const { table: child, parentKey, order } = table.child;
  // equal order values (duplicate line numbers, a bad record) come as the index gives them, the same in read and digests
  const rows = sql.concatRows(sql.rowText(child.name, child.columns), `\`${child.name}\`.\`${order}\``);
  const children = `(SELECT ${rows} FROM \`${child.name}\` WHERE \`${child.name}\`.\`${parentKey}\` = \`${table.name}\`.\`id\`)`;
  return sql.concat([own, `COALESCE(${children}, '')`]);
}
