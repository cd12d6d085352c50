import knex from 'knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DatabaseConfig, openDatabase, parseDatabaseUrl, testMysqlUrl } from '../../src/database';

/** One database a suite runs against: created fresh for each test file's `before`, dropped in `after`. */
export interface TestDatabase {
  name: string;
  create(): Promise<DatabaseConfig>;
  drop(): Promise<void>;
}

function sqliteDatabase(): TestDatabase {
  let directory: string | undefined;
  return {
    name: 'SQLite',
    async create() {
      directory = mkdtempSync(join(tmpdir(), 'ledgersync-state-'));
      return { client: 'sqlite', filename: join(directory, 'state.sqlite') };
    },
    async drop() {
      if (directory) rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A database of its own on the MariaDB of this machine (or LEDGERSYNC_MYSQL_URL), dropped afterwards. */
function mariadbDatabase(): TestDatabase {
  const name = `ls_state_${randomBytes(5).toString('hex')}`;
  const admin = () => knex({ client: 'mysql2', connection: testMysqlUrl() });
  return {
    name: 'MariaDB',
    async create() {
      const db = admin();
      try {
        await db.raw('CREATE DATABASE ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci', [name]);
      } finally {
        await db.destroy();
      }
      return { client: 'mysql', url: testMysqlUrl(name) };
    },
    async drop() {
      const db = admin();
      try {
        await db.raw('DROP DATABASE IF EXISTS ??', [name]);
      } finally {
        await db.destroy();
      }
    },
  };
}

/** A database of its own on the SQL Server LEDGERSYNC_MSSQL_URL names (only when it is set), dropped afterwards. */
function mssqlDatabase(url: string): TestDatabase {
  const name = `ls_state_${randomBytes(5).toString('hex')}`;
  const at = (database: string) => {
    const parsed = new URL(url);
    parsed.pathname = `/${database}`;
    return parsed.toString();
  };
  const admin = async (sql: string) => {
    const db = openDatabase(parseDatabaseUrl(at('master')));
    try {
      await db.raw(sql, [name]);
    } finally {
      await db.destroy();
    }
  };
  return {
    name: 'SQL Server',
    async create() {
      await admin('CREATE DATABASE ??');
      return parseDatabaseUrl(at(name));
    },
    async drop() {
      await admin('DROP DATABASE IF EXISTS ??');
    },
  };
}

/**
 * Runs the same suite body on SQLite and on MariaDB (Level's abstract-test-suite idea): `body`
 * gets a function returning a fresh database config per call, each cleaned up after the suite.
 */
export function forEachDatabase(title: string, body: (freshDatabase: () => Promise<DatabaseConfig>, databaseName: string) => void): void {
  const makers = [sqliteDatabase, mariadbDatabase];
  const mssqlUrl = process.env.LEDGERSYNC_MSSQL_URL;
  if (mssqlUrl) makers.push(() => mssqlDatabase(mssqlUrl));
  for (const make of makers) {
    const probe = make();
    describe(`${title} (${probe.name})`, function () {
      const created: TestDatabase[] = [];
      after(async () => {
        for (const database of created) await database.drop();
      });
      body(async () => {
        const database = make();
        created.push(database);
        return database.create();
      }, probe.name);
    });
  }
}
