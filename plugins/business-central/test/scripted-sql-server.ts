import knex, { Knex } from 'knex';
// knex's own mssql client class: we only replace the wire (tedious), never the SQL it compiles
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MssqlClient = require('knex/lib/dialects/mssql') as new (config: Knex.Config) => Record<string, unknown>;

export type Answer = (sql: string, bindings: readonly unknown[]) => Record<string, unknown>[];

/**
 * knex with the real mssql dialect whose wire is replaced by a script: each statement the adapter
 * runs is recorded and answered with rows shaped as tedious delivers them. It tests what the
 * adapter does with SQL Server's answers (paging, grouping, cursors), not SQL Server itself.
 */
export function scriptedSqlServer(answer: Answer): { db: Knex; statements: { sql: string; bindings: readonly unknown[] }[] } {
  const statements: { sql: string; bindings: readonly unknown[] }[] = [];
  class ScriptedClient extends (MssqlClient as unknown as new (config: Knex.Config) => object) {
    acquireRawConnection(): Promise<object> {
      return Promise.resolve({});
    }
    validateConnection(): boolean {
      return true;
    }
    destroyRawConnection(): Promise<void> {
      return Promise.resolve();
    }
    _query(_connection: unknown, query: { sql: string; bindings: unknown[]; response?: unknown }): Promise<unknown> {
      statements.push({ sql: query.sql, bindings: query.bindings });
      query.response = answer(query.sql, query.bindings).map((row) => Object.entries(row).map(([colName, value]) => ({ metadata: { colName }, value })));
      return Promise.resolve(query);
    }
  }
  const db = knex({ client: ScriptedClient as unknown as typeof knex.Client, connection: {} });
  return { db, statements };
}
