import { join } from 'node:path';

/** The public recorded ledgers shipped with the conformance suite (tests run from dist/test). */
export const LEDGER_DIR = join(__dirname, '..', '..', '..', 'conformance', 'ledgers');
export const PUBLIC_LEDGERS = ['bakery-basic.json', 'closed-period-edit.json'].map((name) => join(LEDGER_DIR, name));
