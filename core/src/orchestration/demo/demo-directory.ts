import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LedgersyncError } from '@ledgersync/sdk';

/** The file that says a folder is the demo's own: the only kind of folder the demo empties. */
export const DEMO_MARKER = '.ledgersync-demo';

export class DemoDirectoryError extends LedgersyncError {
  constructor(directory: string) {
    super('DEMO_DIRECTORY_NOT_OURS', `${directory} is not empty and was not created by ledgersync demo (no ${DEMO_MARKER} in it): refusing to delete it; pass --dir with a new or empty folder`);
  }
}

/** What a demo folder from before the marker holds: its two stores (with SQLite's side files) and the plugin state. */
const EARLIER_DEMO_FILE = /^(platform|connector-state)\.db(-wal|-shm|-journal)?$|^plugins\.json$/;

/**
 * Empties the demo's folder for a fresh run. A folder the demo did not create (no marker, and not
 * only the files an earlier demo wrote) is refused unless it is empty: `--dir ~` must never delete
 * a home directory.
 */
export function prepareDemoDirectory(directory: string): void {
  const entries = existsSync(directory) ? readdirSync(directory) : [];
  if (entries.length > 0) {
    const ours = entries.includes(DEMO_MARKER) || entries.every((name) => EARLIER_DEMO_FILE.test(name));
    if (!ours) throw new DemoDirectoryError(directory);
    rmSync(directory, { recursive: true, force: true });
  }
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, DEMO_MARKER), 'created by ledgersync demo; the demo deletes and recreates this folder on every run\n');
}
