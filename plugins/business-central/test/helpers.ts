import { join } from 'node:path';
import knex, { Knex } from 'knex';
import { CompanyTables, SourceContext } from '../src';

/** knex with the mssql dialect and no connection: queries are compiled, never run. */
export const mssql: Knex = knex({ client: 'mssql' });

export function context(overrides: Partial<SourceContext> = {}): SourceContext {
  return { db: mssql, tables: new CompanyTables('CRONUS'), prefixCounterpartyIds: true, ...overrides };
}

export interface Compiled {
  sql: string;
  bindings: readonly unknown[];
}

export function compile(query: Knex.QueryBuilder | Knex.Raw | Knex.SchemaBuilder): Compiled {
  const native = (query as Knex.QueryBuilder).toSQL() as unknown as Knex.SqlNative | Knex.SqlNative[];
  if (Array.isArray(native)) return { sql: native.map((statement) => statement.sql).join(';\n'), bindings: native.flatMap((statement) => statement.bindings as unknown[]) };
  const compiled = (native as unknown as Knex.Sql).toNative();
  return { sql: compiled.sql, bindings: compiled.bindings as unknown[] };
}

/** Every `@pN` placeholder of the SQL has a binding, and none is left over. */
export function placeholders(sql: string): number {
  return new Set(sql.match(/@p\d+/g) ?? []).size;
}

/** The public recorded ledgers the suite ships. */
export const PUBLIC_LEDGERS = ['bakery-basic.json', 'closed-period-edit.json'].map((name) => join(__dirname, '..', '..', '..', '..', 'conformance', 'ledgers', name));

/** A rowversion as tedious returns it (8 bytes, big-endian). */
export const rowversion = (n: number): Buffer => Buffer.from(n.toString(16).padStart(16, '0'), 'hex');

export const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Why the suites that need SQL Server skip when it is absent (mocha shows it in the suite's title). */
export const NO_SQL_SERVER_REASON = 'LEDGERSYNC_MSSQL_URL is not set, so there is no SQL Server to write the ledgers into; the compiled-SQL and scripted-server tests cover the statements meanwhile';

/** `describe` when LEDGERSYNC_MSSQL_URL names a SQL Server, else the whole suite skipped at describe level, with the reason in its title. */
export function describeWithSqlServer(title: string, body: (this: Mocha.Suite) => void): void {
  if (process.env.LEDGERSYNC_MSSQL_URL) describe(title, body);
  else describe.skip(`${title} [skipped: ${NO_SQL_SERVER_REASON}]`, body);
}
