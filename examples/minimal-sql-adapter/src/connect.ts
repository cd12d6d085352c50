import type { Database } from 'better-sqlite3';
import type { Connection as SqlConnection } from 'mysql2';
import knex, { Knex } from 'knex';
import { AdapterConfigurationError, registerSqliteFunctions } from '@ledgersync/sdk';

/** `sqlite:/path/to/file.db`, `mysql://user:password@host:3306/database` (also `mariadb://`) or `postgres://user:password@host:5432/database`. */
export function connect(url: string): Knex {
  if (url.startsWith('sqlite:')) {
    return knex({
      client: 'better-sqlite3',
      connection: { filename: url.slice('sqlite:'.length) },
      useNullAsDefault: true,
      // not memory-mapped (mmap_size), though a whole-table digest, which reads the table in bucket
      // order, ran 3.1 s -> 2.5 s mapped at 1M lines: mapped pages count in the resident memory, which
      // would grow with the dossier, and a disk error in a mapped file kills the process
      pool: { min: 1, max: 1, afterCreate: (db: Database, done: (error: Error | null, db: Database) => void) => (registerSqliteFunctions(db), done(null, db)) },
    });
  }
  if (/^(mysql|mariadb):\/\//.test(url)) {
    const parsed = new URL(url);
    return knex({
      client: 'mysql2',
      connection: {
        host: parsed.hostname,
        port: Number(parsed.port || 3306),
        user: decodeURIComponent(parsed.username),
        password: decodeURIComponent(parsed.password),
        database: parsed.pathname.slice(1),
        supportBigNumbers: true,
        charset: 'utf8mb4',
      },
      // GROUP_CONCAT (a record's child rows, queries.ts) cuts silently at 1 MiB (MySQL: 1 KiB)
      pool: { min: 0, max: 2, afterCreate: (connection: SqlConnection, done: (error: Error | null, connection: SqlConnection) => void) => connection.query('SET SESSION group_concat_max_len = 4294967295', (error) => done(error, connection)) },
    });
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const parsed = new URL(url);
    return knex({
      client: 'pg',
      connection: { host: parsed.hostname, port: Number(parsed.port || 5432), user: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password), database: parsed.pathname.slice(1) },
      pool: { min: 0, max: 2 },
    });
  }
  // never echo the URL: it may hold a password
  throw new AdapterConfigurationError('url', 'must start with sqlite:, mysql://, mariadb:// or postgres://');
}

