import { SqlFixtureClient, SqlFixtureDriver } from './fixture';

const CLIENTS: SqlFixtureClient[] = ['sqlite', 'mysql', 'postgres'];

/**
 * The fixture driver `ledgersync conformance` and `certify` load for this plugin (package.json
 * `conformance.driver`): SQLite by default, MariaDB with `LEDGERSYNC_SQL_FIXTURE=mysql` (server at
 * `LEDGERSYNC_MYSQL_URL`, default root@127.0.0.1:3306), PostgreSQL with `LEDGERSYNC_SQL_FIXTURE=postgres`
 * (`LEDGERSYNC_POSTGRES_URL`, default postgres@127.0.0.1:5432/test); each run makes and drops its own database.
 */
export function createFixtureDriver(): SqlFixtureDriver {
  const wanted = process.env.LEDGERSYNC_SQL_FIXTURE ?? 'sqlite';
  if (!CLIENTS.includes(wanted as SqlFixtureClient)) throw new Error(`LEDGERSYNC_SQL_FIXTURE must be one of ${CLIENTS.join(', ')}, not ${wanted}`);
  return new SqlFixtureDriver(wanted as SqlFixtureClient);
}
