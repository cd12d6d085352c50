import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import knex, { Knex } from 'knex';
import { AdapterConfigurationError, bucketOf, xorFingerprints, ZERO_FINGERPRINT } from '@ledgersync/sdk';

/** `sqlite:/path/to/file.db` or `mysql://user:password@host:3306/database` (also `mariadb://`). */
export function connect(url: string): Knex {
  if (url.startsWith('sqlite:')) {
    return knex({
      client: 'better-sqlite3',
      connection: { filename: url.slice('sqlite:'.length) },
      useNullAsDefault: true,
      pool: { min: 1, max: 1, afterCreate: (db: Database, done: (error: Error | null, db: Database) => void) => done(registerFunctions(db), db) },
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
 * SQLite has no MD5, CONV or BIT_XOR: the same three functions in JS, so that the adapter's SQL
 * reads alike on both databases and computes the same fingerprints and buckets.
 */
function registerFunctions(db: Database): null {
  db.function('ls_fingerprint', { deterministic: true, varargs: true }, (...values: unknown[]) =>
    createHash('md5').update(values.join('|'), 'utf8').digest('hex').slice(0, 16),
  );
  db.function('ls_bucket', { deterministic: true }, (id: unknown) => bucketOf(String(id), 32));
  db.aggregate('ls_xor', { start: ZERO_FINGERPRINT, step: (xor: string, fingerprint: string) => xorFingerprints(xor, fingerprint) });
  return null;
}
