import { join } from 'node:path';

/** Paths the suite's own tests use, from conformance/dist/test/<area>. */
export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
export const EXAMPLE_PLUGIN_DIR = join(REPO_ROOT, 'examples', 'recorded-ledger-adapter');
export const FIXTURES_DIR = join(REPO_ROOT, 'conformance', 'test', 'fixtures');
export const BAD_RECORDS_LEDGER = join(FIXTURES_DIR, 'garage-bad-records.json');
export const CLI_MAIN = join(REPO_ROOT, 'core', 'dist', 'src', 'cli', 'main.js');
/** A plugin folder (plain JS): the recorded-ledger example whose push stamps entries with services.clock. */
export const STAMPING_PLUGIN_DIR = join(FIXTURES_DIR, 'stamping-plugin');
