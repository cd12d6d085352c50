import { EntityName, EntityRecordMap } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { BcTableKey, CompanyTables } from '../identifiers';

/** What the queries of one company need besides the connection. */
export interface SourceContext {
  db: Knex;
  tables: CompanyTables;
  prefixCounterpartyIds: boolean;
  reconcilableAccounts?: readonly string[];
  /**
   * G/L Entry has `Source Currency Code` / `Source Currency Amount` (the base application of BC 2x,
   * see test/facts): read them as the lines' transaction-currency amounts. Default true; false for
   * older databases without those columns (entries are then in the local currency only).
   */
  sourceCurrency?: boolean;
  /** SQL Server 2019+ (`_UTF8` collations): buckets hash the id's UTF-8 bytes directly; else encoded in T-SQL (see ../sql/hashing.ts). Default true. */
  utf8Collation?: boolean;
}

/** What mapping rows to records needs that the rows do not carry. */
export interface MappingContext {
  /** The company's local currency (General Ledger Setup, LCY Code): G/L amounts are in it. */
  currency: string;
}

/** A row as tedious returns it: strings, numbers, BIGINT as string, binary as Buffer, datetime as Date. */
export type SourceRow = Readonly<Record<string, unknown>>;

/**
 * How one canonical entity is read from BC tables. `rows` selects one row per record, or several
 * (an entry's G/L lines) ordered by `seq`, with the columns `id` (nvarchar), `ts` (the rowversion),
 * `seq` and the `content` columns. Everything else — paging, buckets, fingerprints, markers — is
 * generic (see ../sql/listing.ts), so that read, keys and digests cannot disagree.
 */
export interface EntitySource<E extends EntityName> {
  readonly entity: E;
  /** Columns that make up a row's fingerprint (besides `id` and `seq`). */
  readonly content: readonly string[];
  rows(context: SourceContext): Knex.Raw;
  /**
   * The table key this entity's records are cut along, when there is one (G/L Entry's
   * `Transaction No.`): pages are then chosen on that key column with predicates SQL Server can
   * seek, and `rows` carries it as `k` (see ../sql/keyed-listing.ts).
   */
  readonly pagingKey?: PagingKey;
  toRecord(id: string, rows: readonly SourceRow[], mapping: MappingContext): EntityRecordMap[E];
}

/** An integer key column of one BC table, and how to find it again in a record id (for cursors). */
export interface PagingKey {
  table: BcTableKey;
  /** The column, bracket-quoted (a constant, never configuration). */
  column: string;
  /** The key value a record id carries. */
  ofId(id: string): number;
}

/** `CONVERT(char(10), <column>, 23)`: a datetime as `YYYY-MM-DD`, computed by SQL Server so no time zone gets in the way. */
export const isoDate = (column: string): string => `CONVERT(char(10), ${column}, 23)`;

/** DECIMAL(38,20) to integer cents, exactly, in SQL (BIGINT comes back as a string). */
export const cents = (column: string): string => `CAST(ROUND(${column} * 100, 0) AS BIGINT)`;

/** Prefixes of counterparty ids: customers and vendors are numbered apart in BC and may collide. */
export function counterpartyPrefixes(context: SourceContext): { customer: string; vendor: string; employee: string } {
  return context.prefixCounterpartyIds ? { customer: 'C:', vendor: 'V:', employee: 'E:' } : { customer: '', vendor: '', employee: '' };
}

/**
 * `<column> IN (…)` for reconcilable accounts: the configured list (bound parameters), else the
 * receivables accounts of the customer posting groups and payables accounts of the vendor ones.
 */
export function reconcilableCondition(context: SourceContext, column: string): { sql: string; bindings: (string | Knex.Raw)[] } {
  const listed = context.reconcilableAccounts;
  if (listed !== undefined) {
    if (listed.length === 0) return { sql: '1 = 0', bindings: [] };
    return { sql: `${column} IN (${listed.map(() => '?').join(', ')})`, bindings: [...listed] };
  }
  return {
    sql: `${column} IN (SELECT [Receivables Account] FROM ?? UNION SELECT [Payables Account] FROM ??)`,
    bindings: [context.tables.ref(context.db, 'customerPostingGroup'), context.tables.ref(context.db, 'vendorPostingGroup')],
  };
}
