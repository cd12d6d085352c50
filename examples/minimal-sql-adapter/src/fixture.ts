import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENTITIES, RecordedLedger, SourceSnapshot } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { connect } from './connect';
import { StepNotHeldError, unheldField } from './holdable';
import { createSchema } from './schema';
import { clearRecords, HeldRow, putRecords } from './writer';

export type SqlFixtureClient = 'sqlite' | 'mysql' | 'postgres';

const BACKENDS: Record<SqlFixtureClient, string> = { sqlite: 'SQLite (better-sqlite3)', mysql: 'MariaDB/MySQL (mysql2)', postgres: 'PostgreSQL (pg)' };

/**
 * The fixture driver (the conformance suite's `FixtureDriver` contract): a fresh SQLite file, or a
 * fresh MariaDB or PostgreSQL database `ls_minsql_<random>`, holding recorded-ledger states as rows.
 */
export class SqlFixtureDriver {
  /**
   * Markers stay still on silent puts everywhere. SQLite keeps any value in any column (type
   * affinity), so bad records are rows too; a BIGINT or BOOLEAN column on MariaDB and PostgreSQL
   * refuses a value of the wrong type, so there bad records are declared unheld: the suite leaves
   * them out and skips its bad-records check with this reason, rather than skipping a whole step
   * (and the silent change and other checks in it).
   */
  readonly limitations: { badRecords?: string };
  /** What the report and certificate name. */
  readonly describes: { package: string; backend: string };
  private database?: { db: Knex; url: string; drop: () => Promise<void> };

  /** `serverUrl`: the server a database is made on (MariaDB: LEDGERSYNC_MYSQL_URL; PostgreSQL: LEDGERSYNC_POSTGRES_URL, its maintenance database). */
  constructor(private readonly client: SqlFixtureClient = 'sqlite', private readonly serverUrl = defaultServer(client)) {
    this.describes = { package: 'generic SQL tables (the canonical model as plain tables)', backend: BACKENDS[client] };
    this.limitations = client === 'sqlite' ? {} : { badRecords: `${BACKENDS[client]} typed columns (BIGINT, BOOLEAN) refuse a value of the wrong type, such as currencyAmount "twelve"` };
  }

  /** The driver's own connection, for writing rows directly (benchmarks, tests). */
  get db(): Knex {
    if (!this.database) throw new Error('SqlFixtureDriver: setUp first');
    return this.database.db;
  }

  async setUp(ledger: Pick<RecordedLedger, 'dossier'>): Promise<{ url: string }> {
    this.database = this.client === 'sqlite' ? sqliteFile() : await serverDatabase(this.client, this.serverUrl);
    await createSchema(this.database.db, ledger.dossier);
    return { url: this.database.url };
  }

  /** Rewrites every table to hold exactly `state.source`, markers as held. */
  async materialise(state: { step?: unknown; source: SourceSnapshot }): Promise<void> {
    for (const held of heldRows(state.source)) {
      const field = unheldField(this.client, held.entity, held.record as Record<string, unknown>);
      if (field) throw new StepNotHeldError(typeof state.step === 'number' ? state.step : -1, held.entity, String((held.record as { id?: unknown }).id), `field ${field}: ${BACKENDS[this.client]} cannot hold it as given`);
    }
    await clearRecords(this.db);
    await putRecords(this.db, heldRows(state.source), { replace: false });
  }

  async tearDown(): Promise<void> {
    await this.database?.drop();
    this.database = undefined;
  }
}

function* heldRows(source: SourceSnapshot): Generator<HeldRow> {
  for (const entity of ENTITIES) {
    for (const held of source[entity].values()) yield { entity, record: held.record, marker: held.marker };
  }
}

function sqliteFile() {
  const directory = mkdtempSync(join(tmpdir(), 'ls-minsql-'));
  const url = `sqlite:${join(directory, 'ledger.db')}`;
  const db = connect(url);
  return { db, url, drop: async () => { await db.destroy(); rmSync(directory, { recursive: true, force: true }); } };
}

function defaultServer(client: SqlFixtureClient): string {
  if (client === 'postgres') return process.env.LEDGERSYNC_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  return process.env.LEDGERSYNC_MYSQL_URL ?? 'mysql://root:@127.0.0.1:3306/';
}

/** A database of its own on the server, dropped on tear-down (after the driver's own connection closes). */
async function serverDatabase(client: 'mysql' | 'postgres', serverUrl: string) {
  const name = `ls_minsql_${randomBytes(6).toString('hex')}`;
  const server = connect(serverUrl);
  await server.raw(client === 'mysql' ? `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin` : `CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = connect(url.toString());
  const drop = async () => {
    await db.destroy();
    await server.raw(`DROP DATABASE IF EXISTS ${client === 'mysql' ? `\`${name}\`` : name}`);
    await server.destroy();
  };
  return { db, url: url.toString(), drop };
}
