import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readRecordedLedgerFile, RecordedLedger } from '@ledgersync/sdk';

/** The public recorded ledgers of the conformance suite. */
export const LEDGER_DIR = join(__dirname, '..', '..', '..', '..', '..', 'conformance', 'ledgers');

export function publicLedgers(): RecordedLedger[] {
  return readdirSync(LEDGER_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => readRecordedLedgerFile(join(LEDGER_DIR, file)));
}
