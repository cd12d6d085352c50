import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex, { Knex } from 'knex';
import { DatabaseConfig, openDatabase, testMysqlUrl } from '../../../src/database';

/** A database of its own for one suite: opened by `open`, removed by `drop`. */
export interface TestDatabase {
  readonly label: string;
  open(): Promise<{ config: DatabaseConfig; db: Knex }>;
  drop(): Promise<void>;
}

function sqliteDatabase(): TestDatabase {
  let directory = '';
  return {
    label: 'SQLite',
    async open() {
      directory = mkdtempSync(join(tmpdir(), 'ls-platform-'));
      const config: DatabaseConfig = { client: 'sqlite', filename: join(directory, 'platform.db') };
      return { config, db: openDatabase(config) };
    },
    async drop() {
      if (directory) rmSync(directory, { recursive: true, force: true });
    },
  };
}

function mariadbDatabase(area: string): TestDatabase {
  const name = `ls_${area}_${randomBytes(4).toString('hex')}`;
  const admin = () => knex({ client: 'mysql2', connection: testMysqlUrl() });
  return {
    label: 'MariaDB',
    async open() {
      const server = admin();
      try {
        await server.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
      } finally {
        await server.destroy();
      }
      const config: DatabaseConfig = { client: 'mysql', url: testMysqlUrl(name) };
      return { config, db: openDatabase(config) };
    },
    async drop() {
      const server = admin();
      try {
        await server.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await server.destroy();
      }
    },
  };
}

/** The same suite on the embedded default and on this machine's MariaDB (Level's abstract-suite idea). */
export function eachDatabase(area: string): TestDatabase[] {
  return [sqliteDatabase(), mariadbDatabase(area)];
}
