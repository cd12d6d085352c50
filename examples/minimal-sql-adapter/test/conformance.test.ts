import { join } from 'node:path';
import { SqlFixtureDriver } from '../src';

/*
 * The conformance suite on real-books-1.1 (every addition of format 1.1), through the plugin host
 * and the real diff engine, with this package's fixture driver on SQLite and on MariaDB: what
 * `ledgersync certify examples/minimal-sql-adapter --ledger conformance/ledgers/real-books-1.1.json`
 * runs (MariaDB with LEDGERSYNC_SQL_FIXTURE=mysql). Loaded at run time, as the recorded-ledger
 * example does, so the example needs no compile-time reference to the suite.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { conformance } = require('@ledgersync/conformance') as {
  conformance(options: { plugin: string; title?: string; ledgers?: string[]; driver?: () => unknown }): void;
};

const ROOT = join(__dirname, '..', '..', '..', '..');
const ledgers = [join(ROOT, 'conformance', 'ledgers', 'real-books-1.1.json')];
for (const client of ['sqlite', 'mysql'] as const) {
  conformance({
    plugin: join(__dirname, '..', '..'),
    title: `minimal SQL adapter on ${client === 'sqlite' ? 'SQLite' : 'MariaDB'}: conformance on real-books-1.1`,
    ledgers,
    driver: () => new SqlFixtureDriver(client),
  });
}
