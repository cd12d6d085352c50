import type { Database } from 'better-sqlite3';
import { Knex } from 'knex';

/**
 * The better-sqlite3 connection behind a SQLite knex, for the few hot paths that write or read
 * many rows: they run prepared statements on it directly, prepared once and kept (knex prepares
 * every statement anew, which for a multi-row insert costs more than the insert). The store's
 * pool holds exactly one connection, so a knex transaction and these statements share it; keyed by
 * the client's config, which a knex transaction shares with its parent.
 */
const connections = new WeakMap<object, { connection?: Database }>();

type AfterCreate = (connection: Database, done: (error: Error | null, connection: Database) => void) => void;

/**
 * Opens a SQLite knex whose pool remembers the connection it opened, for {@link nativeSqlite}.
 * `open` builds the knex from the pool hook it is given.
 */
export function withNativeSqlite(open: (afterCreate: AfterCreate) => Knex): Knex {
  const holder: { connection?: Database } = {};
  const db = open((connection, done) => {
    holder.connection = connection;
    done(null, connection);
  });
  connections.set(db.client.config as object, holder);
  return db;
}

/**
 * The open better-sqlite3 connection of a SQLite knex (or one of its transactions), else
 * undefined. Also undefined when called outside a transaction while one is open on the connection:
 * a statement run now would join a transaction that is not the caller's, so the caller goes
 * through knex, which waits for the connection.
 */
export function nativeSqlite(db: Knex | Knex.Transaction): Database | undefined {
  const config = (db.client as { config?: object }).config;
  const connection = config && connections.get(config)?.connection;
  if (!connection?.open) return undefined;
  if (connection.inTransaction && !(db as Knex.Transaction).isTransaction) return undefined;
  return connection;
}
