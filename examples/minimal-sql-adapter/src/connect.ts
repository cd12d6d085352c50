import { hash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import knex, { Knex } from 'knex';
import { AdapterConfigurationError } from '@ledgersync/sdk';

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
 * reads alike on both databases and computes the same fingerprints and buckets (`bucketOf(id, 32)`).
 * They run once per row on every digest, hence one-shot `hash` and XOR on two 32-bit halves.
 */
function registerFunctions(db: Database): null {
  db.function('ls_fingerprint', { deterministic: true, varargs: true }, (...values: unknown[]) => hash('md5', values.join('|')).slice(0, 16));
  db.function('ls_bucket', { deterministic: true }, (id: unknown) => (hash('md5', String(id), 'buffer') as Buffer).readUInt32BE(0));
  db.aggregate('ls_xor', {
    start: () => [0, 0],
    step: (halves: number[], fingerprint: unknown) => {
      halves[0] ^= parseInt(String(fingerprint).slice(0, 8), 16);
      halves[1] ^= parseInt(String(fingerprint).slice(8, 16), 16);
      return halves;
    },
    result: (halves: number[]) => halves.map((half) => (half >>> 0).toString(16).padStart(8, '0')).join(''),
  });
  return null;
}
