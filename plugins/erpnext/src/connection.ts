import knex, { Knex } from 'knex';
import { AdapterConnectionError } from '@ledgersync/sdk';
import { ErpnextConfig } from './config';

/**
 * Opens the site's MariaDB through knex/mysql2 and proves it answers. Refusals are mapped to the
 * configuration field to fix; the driver's own message is left out, as it may echo the user name or
 * host, and a password must never reach an error.
 */
export async function openSite(config: ErpnextConfig): Promise<Knex> {
  const db = knex({
    client: 'mysql2',
    connection: {
      host: config.host,
      port: config.port,
      user: config.user,
      password: config.password,
      database: config.database,
      charset: 'utf8mb4',
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
    },
    // knex would print refused connections itself; they reach the caller as typed errors instead
    log: { warn: ignore, error: ignore, debug: ignore, deprecate: ignore },
    pool: {
      min: 0,
      max: 4,
      // entry lines travel as one JSON_ARRAYAGG; its default cap (1 MB) would cut long entries
      afterCreate: (connection: { query(sql: string, done: (error?: Error) => void): void }, done: (error: Error | undefined, connection: unknown) => void) => {
        connection.query('SET SESSION group_concat_max_len = 4294967295', (error) => done(error, connection));
      },
    },
  });
  try {
    await db.raw('SELECT 1');
  } catch (cause) {
    await db.destroy();
    throw connectionError(cause);
  }
  return db;
}

function ignore(): void {}

function connectionError(cause: unknown): AdapterConnectionError {
  const code = (cause as { code?: string }).code;
  switch (code) {
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
      return new AdapterConnectionError('the server refused the user name or password', 'password');
    case 'ER_BAD_DB_ERROR':
    case 'ER_DBACCESS_DENIED_ERROR':
      return new AdapterConnectionError('the site database does not exist or is not readable by this user', 'database');
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return new AdapterConnectionError(`cannot reach the MariaDB server (${code})`, 'host');
    default:
      return new AdapterConnectionError(`cannot open the site database (${code ?? 'unknown error'})`);
  }
}
