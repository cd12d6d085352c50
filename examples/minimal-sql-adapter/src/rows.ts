import { Column, Table } from './tables';

type Row = Record<string, unknown>;

/** A canonical record as rows, for the fixture's writes: the parent row (with its marker) and its child rows. */
export function toRows(table: Table, record: Record<string, unknown>, marker: string): { row: Row; children: Row[] } {
  const row: Row = { ...rowOf(table.columns, record), modified: marker };
  const child = table.child;
  const items = child ? (record[child.field] as Record<string, unknown>[] | undefined) ?? [] : [];
  const children = items.map((item, position) => rowOf(child!.table.columns, { ...item, [camel(child!.parentKey)]: record.id, position }));
  return { row, children };
}

function rowOf(columns: Column[], record: Record<string, unknown>): Row {
  const row: Row = {};
  for (const column of columns) {
    const value = column.field.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], record);
    row[column.name] = value === undefined ? null : column.kind === 'boolean' ? (value ? 1 : 0) : value;
  }
  return row;
}

function camel(column: string): string {
  return column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
