import { resolve } from 'node:path';
import { FixtureDriver } from '../driver';
import { RecordedLedgerDriver } from '../drivers/recorded-ledger';
import { describePlugin } from '../plugin/plugin-under-test';

/**
 * The fixture driver a plugin names in its conformance configuration (a module exporting
 * `createFixtureDriver()`), else the recorded-ledger source-file driver.
 */
export function driverForPlugin(dir: string): () => FixtureDriver {
  const { config } = describePlugin({ dir });
  if (!config.driver) return () => new RecordedLedgerDriver();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(resolve(dir, config.driver)) as { createFixtureDriver?: () => FixtureDriver };
  if (typeof module.createFixtureDriver !== 'function') throw new Error(`${config.driver} (conformance.driver of ${dir}) exports no createFixtureDriver()`);
  return module.createFixtureDriver;
}
