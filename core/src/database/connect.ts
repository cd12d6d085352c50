import knex, { Knex } from 'knex';
import { DatabaseConfig } from './config';
import { withNativeSqlite } from './native-sqlite';

/**
 * A knex connection for a store. One dialect file per client in knex's own spirit: we only pick
 * the client and its options here; stores write dialect-neutral knex.
 */
/** A server database's connection pool: at most `max` connections; a query waits `acquireTimeoutMs` for one. */
export interface PoolSize {
  min?: number;
  max?: number;
  acquireTimeoutMs?: number;
}

export function openDatabase(config: DatabaseConfig, size: PoolSize = {}): Knex {
  const pool = { min: size.min ?? 0, max: size.max ?? 4 };
  const acquireConnectionTimeout = size.acquireTimeoutMs ?? 60_000;
  switch (config.client) {
    case 'sqlite':
      return withNativeSqlite((afterCreate) =>
        knex({ client: 'better-sqlite3', connection: { filename: config.filename }, useNullAsDefault: true, pool: { min: 1, max: 1, afterCreate } }),
      );
    case 'mysql':
      return knex({ client: 'mysql2', connection: mysqlConnection(config.url), pool, acquireConnectionTimeout });
    case 'mssql':
      return knex({ client: 'mssql', connection: mssqlConnection(config.url), pool, acquireConnectionTimeout });
  }
}

function mysqlConnection(url: string): Knex.MySql2ConnectionConfig {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 3306,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: parsed.pathname.slice(1) || undefined,
    // amounts are integers in cents: keep BIGINT/DECIMAL exact
    supportBigNumbers: true,
    bigNumberStrings: false,
    dateStrings: true,
    charset: 'utf8mb4',
  };
}

function mssqlConnection(url: string): Knex.MsSqlConnectionConfig {
  const parsed = new URL(url);
  return {
    server: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 1433,
    userName: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: parsed.pathname.slice(1) || 'master',
    options: { encrypt: parsed.searchParams.get('encrypt') !== 'false', trustServerCertificate: parsed.searchParams.get('trustServerCertificate') === 'true' },
  };
}

/** The MariaDB/MySQL server tests use: `LEDGERSYNC_MYSQL_URL`, else this machine's root without password. */
export function testMysqlUrl(database = ''): string {
  const base = process.env.LEDGERSYNC_MYSQL_URL ?? 'mysql://root:@127.0.0.1:3306/';
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}
