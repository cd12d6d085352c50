import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { conformance } from '@ledgersync/conformance';
import { readRecordedLedgerFile } from '@ledgersync/sdk';
import { bcLedgerOf, BusinessCentralFixtureDriver } from '../src';
import { describeWithSqlServer, PUBLIC_LEDGERS } from './helpers';

/*
 * The conformance suite, on a live SQL Server only (LEDGERSYNC_MSSQL_URL). The public ledgers are
 * replayed in the form BC holds them (bcLedgerOf: the ids BC gives), since the suite compares
 * records by id; their figures and counts are the originals' (test/fixture.test.ts checks that).
 */
const LEDGERS = PUBLIC_LEDGERS;

function bcLedgerFiles(): string[] {
  const directory = mkdtempSync(join(tmpdir(), 'ledgersync-bc-ledgers-'));
  return LEDGERS.map((file) => {
    const path = join(directory, basename(file));
    writeFileSync(path, JSON.stringify(bcLedgerOf(readRecordedLedgerFile(file)), null, 1));
    return path;
  });
}

if (process.env.LEDGERSYNC_MSSQL_URL) {
  conformance({
    plugin: join(__dirname, '..', '..'),
    driver: () => new BusinessCentralFixtureDriver(),
    ledgers: bcLedgerFiles(),
    title: 'business-central: conformance on SQL Server',
  });
} else {
  // skipped at describe level, the reason in the title; the same suite runs for real once the variable names a server
  describeWithSqlServer('business-central: conformance on SQL Server', () => {
    for (const file of LEDGERS) it(`${basename(file)}: the conformance suite on the ledger as BC holds it`, () => undefined);
  });
}
