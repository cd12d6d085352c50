import type { Dialect } from './dialect';
import { Column, Table } from './tables';

/**
 * The text a record's fingerprint is the MD5 of, in SQL over the parent table's current row (the
 * query's FROM must name the parent table as itself): the cells of the parent row, then the cells of
 * each of its child rows in child order (`line`, `position`), all concatenated natively, so that
 * SQLite calls JS once a record, not once a row. Each cell is `-` when NULL, else `=`, the byte
 * length of its text, `:` and the text (`=6:400000`): a prefix-free code, so with a fixed number of
 * cells a row no text can shift into a neighbouring cell or row and give the same bytes, whatever
 * the values hold. Child rows whose parent row is missing belong to no record: no text has them.
 */
export function recordText(sql: Dialect, table: Table): string {
  const own = cells(sql, table.name, table.columns);
  if (!table.child) return sql.concat(own);
  const { table: child, parentKey, order } = table.child;
  // equal order values (duplicate line numbers, a bad record) come as the index gives them, the same in read and digests
  const rows = sql.concatRows(sql.concat(cells(sql, child.name, child.columns)), `\`${child.name}\`.\`${order}\``);
  const children = `(SELECT ${rows} FROM \`${child.name}\` WHERE \`${child.name}\`.\`${parentKey}\` = \`${table.name}\`.\`id\`)`;
  return sql.concat([...own, `COALESCE(${children}, '')`]);
}

function cells(sql: Dialect, table: string, columns: Column[]): string[] {
  return columns.map((column) => {
    const value = `\`${table}\`.\`${column.name}\``;
    return `COALESCE(${sql.concat(["'='", sql.byteLength(value), "':'", value])}, '-')`;
  });
}
