import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENTITIES, RecordedLedger, SourceSnapshot } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { connect } from './connect';
import { createSchema } from './schema';
import { clearRecords, HeldRow, putRecords } from './writer';

/**
 * The fixture driver (the conformance suite's `FixtureDriver` contract): a fresh SQLite file, or a
 * fresh MariaDB database `ls_minsql_<random>`, holding recorded-ledger states as rows.
 */
export class SqlFixtureDriver {
  /** Plain columns hold every format feature: markers stay still on silent puts, bad records are rows too. */
  readonly limitations = {};
  private database?: { db: Knex; url: string; drop: () => Promise<void> };

  constructor(private readonly client: 'sqlite' | 'mysql' = 'sqlite', private readonly serverUrl = process.env.LEDGERSYNC_MYSQL_URL ?? 'mysql://root:@127.0.0.1:3306/') {}

  /** The driver's own connection, for writing rows directly (benchmarks, tests). */
  get db(): Knex {
    if (!this.database) throw new Error('SqlFixtureDriver: setUp first');
    return this.database.db;
  }

  async setUp(ledger: Pick<RecordedLedger, 'dossier'>): Promise<{ url: string }> {
    this.database = this.client === 'sqlite' ? sqliteFile() : await mariadbDatabase(this.serverUrl);
    await createSchema(this.database.db, ledger.dossier);
    return { url: this.database.url };
  }

  /** Rewrites every table to hold exactly `state.source`, markers as held. */
  async materialise(state: { source: SourceSnapshot }): Promise<void> {
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

async function mariadbDatabase(serverUrl: string) {
  const name = `ls_minsql_${randomBytes(6).toString('hex')}`;
  const server = connect(serverUrl);
  await server.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = connect(url.toString());
  const drop = async () => {
    await db.destroy();
    await server.raw(`DROP DATABASE IF EXISTS \`${name}\``);
    await server.destroy();
  };
  return { db, url: url.toString(), drop };
}
