import { join } from 'node:path';
import { readRecordedLedgerFile, RecordedLedger } from '@ledgersync/sdk';

/** The recorded ledgers of the conformance suite. */
export const LEDGER_DIR = join(__dirname, '..', '..', '..', '..', '..', 'conformance', 'ledgers');

/** The public ledgers every adapter runs, by name (a ledger added to the folder joins when it joins this list). */
const PUBLIC = ['bakery-basic.json', 'closed-period-edit.json'];

export function publicLedgers(): RecordedLedger[] {
  return PUBLIC.map((file) => readRecordedLedgerFile(join(LEDGER_DIR, file)));
}

/** real-books-1.1: every format-1.1 addition (see its .md); not yet among the public ledgers. */
export function realBooksLedger(): RecordedLedger {
  return readRecordedLedgerFile(join(LEDGER_DIR, 'real-books-1.1.json'));
}
