import { Knex } from 'knex';
import { DatabaseConfig, openDatabase } from '../database';
import { Changesets } from './changesets';
import { STATE_MIGRATION_TABLE, stateMigrationSource } from './migrations';
import { StateRecords } from './records';
import { Staging } from './staging';

/**
 * What the connector last sent the platform, per dossier: the diff engine's memory. One knex
 * connection; SQLite (a file next to the connector) by default, MariaDB/MySQL or SQL Server on request.
 */
export class StateStore {
  readonly changesets: Changesets;

  constructor(readonly db: Knex) {
    this.changesets = new Changesets(db);
  }

  /** The acknowledged state of one dossier. */
  records(dossierId: string): StateRecords {
    return new StateRecords(this.db, dossierId);
  }

  /** The staged rows of one changeset. */
  staging(changesetId: string): Staging {
    return new Staging(this.db, changesetId);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

/** Opens the store and brings its tables up to date (knex migrations, own bookkeeping table). */
export async function openStateStore(config: DatabaseConfig): Promise<StateStore> {
  const db = openDatabase(config);
  try {
    if (config.client === 'sqlite') await tuneSqlite(db);
    await migrateStateStore(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new StateStore(db);
}

/**
 * SQLite's single connection in WAL mode with `synchronous = NORMAL`: a commit no longer waits for
 * an fsync (every page acknowledgement is a commit). A power cut may lose the last commits but never
 * corrupts the file; the engine recovers from a lost acknowledgement because the receiver reports
 * the pages it applied, and a lost changeset is planned again from the older state (receivers apply
 * upserts and deletes idempotently).
 */
async function tuneSqlite(db: Knex): Promise<void> {
  await db.raw('PRAGMA journal_mode = WAL');
  await db.raw('PRAGMA synchronous = NORMAL');
  // a checkpoint (the one fsync of WAL mode) every 64 MB of log instead of every 4 MB: a million-record
  // load wrote ~1.4 GB of log and checkpointed at almost every commit; the log is cut back to 64 MB after
  await db.raw('PRAGMA wal_autocheckpoint = 16384');
  await db.raw('PRAGMA journal_size_limit = 67108864');
}

export async function migrateStateStore(db: Knex): Promise<void> {
  await db.migrate.latest({ migrationSource: stateMigrationSource, tableName: STATE_MIGRATION_TABLE });
}
