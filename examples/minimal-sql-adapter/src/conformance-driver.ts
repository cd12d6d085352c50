import { SqlFixtureDriver } from './fixture';

/**
 * The fixture driver `ledgersync conformance` and `certify` load for this plugin (package.json
 * `conformance.driver`): SQLite by default, MariaDB with `LEDGERSYNC_SQL_FIXTURE=mysql` (server at
 * `LEDGERSYNC_MYSQL_URL`, default root@127.0.0.1:3306; each run makes and drops its own database).
 */
export function createFixtureDriver(): SqlFixtureDriver {
  const wanted = process.env.LEDGERSYNC_SQL_FIXTURE ?? 'sqlite';
  if (wanted !== 'sqlite' && wanted !== 'mysql') throw new Error(`LEDGERSYNC_SQL_FIXTURE must be sqlite or mysql, not ${wanted}`);
  return new SqlFixtureDriver(wanted);
}
