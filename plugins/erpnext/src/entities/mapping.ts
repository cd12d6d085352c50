import type { Knex } from 'knex';
import { EntityName, EntityRecordMap } from '@ledgersync/sdk';
import { CounterpartyIdStyle } from '../config';
import { SchemaFacts } from '../schema-facts';

/** The dossier a query reads: one Company, on a schema whose facts are known. */
export interface Scope {
  company: string;
  facts: SchemaFacts;
  counterpartyIds: CounterpartyIdStyle;
}

/**
 * One canonical entity as SQL: a SELECT yielding one row per record, with the columns `id`,
 * `modified` (the record's change marker, a DATETIME), `fp` (its fingerprint) and the entity's own.
 * Listings, keys and digests all wrap this one SELECT, so what `read` reports is by construction
 * what the digests XOR.
 */
export interface EntitySql {
  /** A `WITH [RECURSIVE] …` clause the SELECT needs, placed before the outer query. */
  with?: string;
  select: string;
  bindings: SqlValue[];
}

export type Row = Record<string, unknown>;

/** A value bound to a `?` of a query. */
export type SqlValue = Knex.Value;

export interface EntityMapping<E extends EntityName = EntityName> {
  entity: E;
  sql(scope: Scope): EntitySql;
  toRecord(row: Row, scope: Scope): EntityRecordMap[E];
}

/** Frappe stores absent text as NULL or ''; both mean absent. */
export function present(value: unknown): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : String(value);
}

/** Sets `record[key]` only when the value is present: an absent field stays absent. */
export function setPresent<T extends object>(record: T, key: keyof T, value: unknown): void {
  const text = present(value);
  if (text !== undefined) (record as Record<keyof T, unknown>)[key] = text;
}
