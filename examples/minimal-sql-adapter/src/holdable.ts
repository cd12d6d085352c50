import { EntityName } from '@ledgersync/sdk';
import { Column, TABLES } from './tables';
import type { SqlFixtureClient } from './fixture';

/** The conformance suite's STEP_NOT_EXPRESSIBLE (matched by code, so the example needs no compile-time suite). */
export class StepNotHeldError extends Error {
  readonly code = 'STEP_NOT_EXPRESSIBLE';
  constructor(readonly step: number, readonly entity: EntityName, readonly id: string, readonly reason: string) {
    super(`step ${step}, ${entity} ${id}: ${reason}`);
  }
}

/**
 * The first field of `record` its typed columns cannot hold as given (path and why), or undefined. A text column
 * turns a number into text on every backend; an integer or boolean column refuses text on MariaDB
 * and PostgreSQL, where SQLite (type affinity) keeps it as written, so a bad record stays bad.
 */
export function unheldField(client: SqlFixtureClient, entity: EntityName, record: Record<string, unknown>): string | undefined {
  const table = TABLES[entity];
  const own = unheldIn(client, table.columns, record, '');
  if (own || !table.child) return own;
  const children = (record[table.child.field] as Record<string, unknown>[] | undefined) ?? [];
  for (const [i, child] of children.entries()) {
    const field = unheldIn(client, table.child.table.columns, child, `${table.child.field}[${i}].`);
    if (field) return field;
  }
  return undefined;
}

function unheldIn(client: SqlFixtureClient, columns: Column[], record: Record<string, unknown>, prefix: string): string | undefined {
  for (const column of columns) {
    const value = column.field.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], record);
    if (value === undefined || value === null) continue;
    const held = column.kind === 'text' ? typeof value === 'string'
      : client === 'sqlite' ? typeof value !== 'object'
      : column.kind === 'integer' ? Number.isInteger(value) : typeof value === 'boolean';
    if (!held) return `${prefix}${column.field} (${typeof value} in ${column.kind === 'integer' ? 'an' : 'a'} ${column.kind} column)`;
  }
  return undefined;
}
