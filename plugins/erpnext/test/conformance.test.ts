import { join } from 'node:path';
import { conformance } from '@ledgersync/conformance';
import { ErpnextFixtureDriver } from '../src';

/*
 * The conformance suite against both public ledgers, through the real diff engine, on this
 * machine's MariaDB: a database of its own per ledger, dropped afterwards. Deletions are logged in
 * `tabDeleted Document` here; the raw-delete variant below leaves the digests alone to find them.
 */
conformance({
  plugin: join(__dirname, '..', '..'),
  driver: () => new ErpnextFixtureDriver({ logDeletions: true }),
  title: 'erpnext: conformance (deletions logged)',
});

conformance({
  plugin: join(__dirname, '..', '..'),
  driver: () => new ErpnextFixtureDriver({ logDeletions: false }),
  title: 'erpnext: conformance (raw deletes, no log)',
});
