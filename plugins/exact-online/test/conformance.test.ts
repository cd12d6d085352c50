import { join } from 'node:path';
import { conformance } from '@ledgersync/conformance';
import { ExactOnlineFixtureDriver } from '../src/fixture';

/*
 * The conformance suite against both public ledgers, through the real diff engine, with the
 * division served by nock. In-process: nock intercepts fetch in this process only, and the plugin
 * host would run the adapter in a worker of its own.
 */
conformance({
  plugin: join(__dirname, '..', '..'),
  driver: () => new ExactOnlineFixtureDriver(),
  runtime: 'in-process',
  title: 'exact-online: conformance',
});
