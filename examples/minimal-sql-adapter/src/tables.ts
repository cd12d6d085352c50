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

const snake = (field: string) => field.replace(/\./g, '_').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
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
