import type { Database } from 'better-sqlite3';
import knex, { Knex } from 'knex';
import { AdapterConfigurationError } from '@ledgersync/sdk';
import { registerFunctions } from './sqlite-functions';

/** `sqlite:/path/to/file.db` or `mysql://user:password@host:3306/database` (also `mariadb://`). */
export function connect(url: string): Knex {
  if (url.startsWith('sqlite:')) {
    return knex({
      client: 'better-sqlite3',
      connection: { filename: url.slice('sqlite:'.length) },
      useNullAsDefault: true,
      pool: { min: 1, max: 1, afterCreate: (db: Database, done: (error: Error | null, db: Database) => void) => done(prepare(db), db) },
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
      pool: { min: 0, max: 2 },
    });
  }
  // never echo the URL: it may hold a password
  throw new AdapterConfigurationError('url', 'must start with sqlite:, mysql:// or mariadb://');
}

/**
 * The JS functions the SQLite dialect calls, and the file memory-mapped: a whole-table digest walks
 * the bucket index and so reads the table at random, a page read (a syscall) a row once the table
 * outgrows SQLite's page cache; mapped, the pages are read in place (2.5 s instead of 3.1 s for
 * 1M entry lines). 2 GiB is the most SQLite maps; a larger file is mapped up to that.
 */
function prepare(db: Database): null {
  db.pragma('mmap_size = 2147418112');
  return registerFunctions(db);
}
