import { EntityName } from '@ledgersync/sdk';

/**
 * The mapping: one table per entity, columns named after the model's fields (snake_case, the
 * address flattened), plus `modified`, the change marker. Entry lines and matching items have
 * tables of their own, keyed by their parent's id. A NULL column is an absent optional field.
 */
export interface Column {
  /** Path in the canonical record: `vatNumber`, `address.city`. */
  field: string;
  name: string;
  kind: 'text' | 'integer' | 'boolean';
}

export interface Table {
  name: string;
  columns: Column[];
  /** Child rows (entry lines, matching items): the table, its parent-key column, the record field holding them, their order column. */
  child?: { table: Table; parentKey: string; field: 'lines' | 'items'; order: string };
}

const text = (...fields: string[]) => fields.map((field): Column => ({ field, name: snake(field), kind: 'text' }));
const integer = (...fields: string[]) => fields.map((field): Column => ({ field, name: snake(field), kind: 'integer' }));

const entryLine: Table = { name: 'entry_line', columns: [...text('entryId'), ...integer('line'), ...text('accountId'), ...integer('amount', 'currencyAmount'), ...text('description', 'vatCode', 'counterpartyId')] };
const matchingItem: Table = { name: 'matching_item', columns: [...text('matchingId'), ...integer('position'), ...text('entryId'), ...integer('line', 'amount')] };

export const TABLES: Record<EntityName, Table> = {
  fiscalYear: { name: 'fiscal_year', columns: text('id', 'start', 'end', 'status') },
  period: { name: 'period', columns: [...text('id', 'fiscalYearId'), ...integer('number'), ...text('start', 'end', 'status')] },
  journal: { name: 'journal', columns: text('id', 'name', 'type') },
  account: { name: 'account', columns: [...text('id', 'name'), { field: 'reconcilable', name: 'reconcilable', kind: 'boolean' }] },
  counterparty: { name: 'counterparty', columns: text('id', 'type', 'name', 'vatNumber', 'email', 'iban', 'address.street', 'address.postalCode', 'address.city', 'address.country') },
  entry: {
    name: 'entry',
    columns: text('id', 'journalId', 'fiscalYearId', 'periodId', 'number', 'date', 'dueDate', 'description', 'counterpartyId', 'currency', 'kind'),
    child: { table: entryLine, parentKey: 'entry_id', field: 'lines', order: 'line' },
  },
  matching: { name: 'matching', columns: text('id', 'date'), child: { table: matchingItem, parentKey: 'matching_id', field: 'items', order: 'position' } },
};

type Row = Record<string, unknown>;

/** A canonical record as rows: the parent row (with its marker) and its child rows. */
export function toRows(table: Table, record: Record<string, unknown>, marker: string): { row: Row; children: Row[] } {
  const row: Row = { ...rowOf(table.columns, record), modified: marker };
  const child = table.child;
  const items = child ? (record[child.field] as Record<string, unknown>[] | undefined) ?? [] : [];
  const children = items.map((item, position) => rowOf(child!.table.columns, { ...item, [camel(child!.parentKey)]: record.id, position }));
  return { row, children };
}

/** Rows back into the canonical record: NULL columns are left out, `address` only when one of its columns is set. */
export function fromRows(table: Table, row: Row, children: Row[]): Record<string, unknown> {
  const record = recordOf(table.columns, row);
  const child = table.child;
  if (child) {
    const parentField = camel(child.parentKey);
    record[child.field] = children.map((c) => {
      const item = recordOf(child.table.columns, c);
      delete item[parentField];
      delete item.position;
      return item;
    });
  }
  return record;
}

function rowOf(columns: Column[], record: Record<string, unknown>): Row {
  const row: Row = {};
  for (const column of columns) {
    const value = column.field.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], record);
    row[column.name] = value === undefined ? null : column.kind === 'boolean' ? (value ? 1 : 0) : value;
  }
  return row;
}

function recordOf(columns: Column[], row: Row): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const column of columns) {
    const value = row[column.name];
    if (value === null || value === undefined) continue;
    const [head, tail] = column.field.split('.');
    const target = tail ? ((record[head] ??= {}) as Record<string, unknown>) : record;
    target[tail ?? head] = column.kind === 'boolean' ? Boolean(value) : column.kind === 'integer' ? Number(value) : value;
  }
  return record;
}

function snake(field: string): string {
  return field.replace(/\./g, '_').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function camel(column: string): string {
  return column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
