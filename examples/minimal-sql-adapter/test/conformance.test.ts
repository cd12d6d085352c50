import { join } from 'node:path';
import { SqlFixtureDriver } from '../src';

/*
 * The conformance suite on real-books-1.1 (every addition of format 1.1), through the plugin host
 * and the real diff engine, with this package's fixture driver on SQLite, MariaDB and PostgreSQL: what
 * `ledgersync certify examples/minimal-sql-adapter --ledger conformance/ledgers/real-books-1.1.json`
 * runs (MariaDB with LEDGERSYNC_SQL_FIXTURE=mysql, PostgreSQL with =postgres). Loaded at run time, as the recorded-ledger
 * example does, so the example needs no compile-time reference to the suite.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { conformance } = require('@ledgersync/conformance') as {
  conformance(options: { plugin: string; title?: string; ledgers?: string[]; driver?: () => unknown }): void;
};

const ROOT = join(__dirname, '..', '..', '..', '..');
const ledgers = [join(ROOT, 'conformance', 'ledgers', 'real-books-1.1.json')];
const NAMES = { sqlite: 'SQLite', mysql: 'MariaDB', postgres: 'PostgreSQL' } as const;
for (const client of ['sqlite', 'mysql', 'postgres'] as const) {
  conformance({
    plugin: join(__dirname, '..', '..'),
    title: `minimal SQL adapter on ${NAMES[client]}: conformance on real-books-1.1`,
    ledgers,
    driver: () => new SqlFixtureDriver(client),
  });
}
