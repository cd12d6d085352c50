import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The suite's version (its package version): written on every certificate. */
export const SUITE_VERSION: string = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

/** The public recorded ledgers shipped with the suite. */
export const PUBLIC_LEDGERS_DIR = join(__dirname, '..', '..', 'ledgers');
export const PUBLIC_LEDGERS = ['bakery-basic.json', 'closed-period-edit.json', 'real-books-1.1.json'].map((name) => join(PUBLIC_LEDGERS_DIR, name));
