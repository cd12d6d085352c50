import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { openDatabase, testMysqlUrl } from '../../src/database';
import { BenchSource } from '../section';

/**
 * The diff-engine section's source database: a SQLite file in the run's work folder, or
 * (`--source mariadb`) a fresh database `ls_bench_<hex>` on the MariaDB server of
 * `LEDGERSYNC_MYSQL_URL`, created here and dropped by `drop()`. Only that one database is ever
 * created or dropped.
 */
export interface SourceDatabase {
  /** What the phases connect to (may hold a password: never print it). */
  url: string;
  /** For the table: the kind, the server's version, host:port and database; never the password. */
  description: string;
  /** Short name for labels: SQLite or MariaDB. */
  label: string;
  /** Removes the MariaDB database (idempotent; nothing to do for SQLite: the work folder goes). */
  drop(): Promise<void>;
}

export async function openSourceDatabase(source: BenchSource, workDir: string, log: (message: string) => void): Promise<SourceDatabase> {
  if (source === 'sqlite') {
    return {
      url: `sqlite:${join(workDir, 'source.db')}`,
      description: 'SQLite file in the work folder (the example adapter computes MD5 fingerprints in JS user functions)',
      label: 'SQLite',
      drop: async () => undefined,
    };
  }
  const serverUrl = testMysqlUrl('');
  const parsed = new URL(serverUrl);
  const where = `${parsed.hostname}:${parsed.port || 3306}`;
  const name = `ls_bench_${randomBytes(6).toString('hex')}`;
  const server = openDatabase({ client: 'mysql', url: serverUrl }, { max: 1 }); // no database: the server itself
  let dropping: Promise<void> | undefined;
  try {
    // the buffer pool decides whether a digest pass reads the tables from memory: 1M lines on a
    // 128 MB pool (Debian's default) cost the night's digests 15.4 s, on 1 GB 6.7 s
    const [[{ version, pool }]] = (await server.raw('SELECT VERSION() AS version, @@innodb_buffer_pool_size AS pool')) as [[{ version: string; pool: number | string }]];
    await server.raw('CREATE DATABASE ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_bin', [name]);
    log(`created database ${name} on ${where}`);
    const drop = (): Promise<void> =>
      (dropping ??= (async () => {
        try {
          await server.raw('DROP DATABASE IF EXISTS ??', [name]);
          log(`dropped database ${name}`);
        } finally {
          await server.destroy();
        }
      })());
    return {
      url: testMysqlUrl(name),
      description: `${serverName(version)} at ${where}, InnoDB buffer pool ${Math.round(Number(pool) / 2 ** 20)} MB (database ${name}, dropped afterwards; the example adapter computes MD5 fingerprints natively)`,
      label: 'MariaDB',
      drop,
    };
  } catch (error) {
    await server.destroy();
    throw new Error(`--source mariadb: cannot create a bench database on ${where} (set LEDGERSYNC_MYSQL_URL): ${(error as Error).message}`);
  }
}

/** `10.11.19-MariaDB-0+deb12u1` → `MariaDB 10.11.19`; a MySQL server's plain `8.0.36` → `MySQL 8.0.36`. */
function serverName(version: string): string {
  const number = /^\d+(\.\d+)*/.exec(version)?.[0] ?? version;
  return /mariadb/i.test(version) ? `MariaDB ${number}` : `MySQL ${number}`;
}
