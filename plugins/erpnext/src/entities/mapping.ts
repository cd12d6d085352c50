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
  /** In text order: the WITH clause's, then the SELECT's. */
  bindings: SqlValue[];
}

export type Row = Record<string, unknown>;

/** A value bound to a `?` of a query. */
export type SqlValue = Knex.Value;

/**
 * Conditions on the record id that a grouped SELECT applies to its source rows before grouping:
 * MariaDB does not push an outer WHERE through GROUP BY over a window, and without this every page
 * of a listing would aggregate the whole ledger. Listings apply the same conditions outside too,
 * so a mapping may ignore the filter (single-table SELECTs are merged and filtered by MariaDB).
 */
export interface KeyFilter {
  /** SQL conditions written for the key column passed in. */
  conditions(key: string): string[];
  bindings: SqlValue[];
  /** Only records changed at or after this DATETIME: a superset filter the mapping may apply inside. */
  since?: string;
}

export interface EntityMapping<E extends EntityName = EntityName> {
  entity: E;
  sql(scope: Scope, filter?: KeyFilter): EntitySql;
  toRecord(row: Row, scope: Scope): EntityRecordMap[E];
  /**
   * For a SELECT that aggregates: the ids of the next page in id order, from the key column alone
   * (a SELECT of `id`). The listing then asks `sql` for exactly those ids, so a page costs one key
   * scan and the aggregation of its own records, not of the whole ledger.
   */
  keyPage?(scope: Scope, filter: KeyFilter, limit: number): EntitySql;
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
