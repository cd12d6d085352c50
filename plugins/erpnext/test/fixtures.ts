import { join } from 'node:path';
import type { SourceState } from '@ledgersync/conformance';
import { Clock, readRecordedLedgerFile, RecordedLedger, replay, ReplayedStep } from '@ledgersync/sdk';
import { createErpnextAdapter, ErpnextAdapter, ErpnextFixtureDriver, ErpnextFixtureOptions } from '../src';

export const LEDGER_FILES = ['bakery-basic.json', 'closed-period-edit.json'].map((name) => join(__dirname, '..', '..', '..', '..', 'conformance', 'ledgers', name));

export const bakery = (): RecordedLedger => readRecordedLedgerFile(LEDGER_FILES[0]);
export const closedPeriod = (): RecordedLedger => readRecordedLedgerFile(LEDGER_FILES[1]);

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** The fixture-driver state of one replayed step. */
export function stateOf(ledger: RecordedLedger, replayed: ReplayedStep): SourceState {
  return { step: replayed.index, dossier: ledger.dossier, clock: replayed.marker, source: replayed.source, deleted: replayed.deleted };
}

export interface Site {
  driver: ErpnextFixtureDriver;
  /** The adapter configuration the driver returned. */
  config: Record<string, unknown>;
  adapter: ErpnextAdapter;
  ledger: RecordedLedger;
  dossier: string;
  steps: ReplayedStep[];
}

/** A fixture site holding `ledger` after step `upTo` (default: the last), for one test. */
export async function withSite(ledger: RecordedLedger, test: (site: Site) => Promise<void>, options: ErpnextFixtureOptions & { upTo?: number; clock?: Clock } = {}): Promise<void> {
  const driver = new ErpnextFixtureDriver(options);
  const steps = [...replay(ledger)];
  const config = await driver.setUp(ledger);
  const adapter = await createErpnextAdapter(config, options.clock);
  try {
    for (const replayed of steps.slice(0, (options.upTo ?? steps.length - 1) + 1)) await driver.materialise(stateOf(ledger, replayed));
    await test({ driver, config, adapter, ledger, dossier: ledger.dossier.id, steps });
  } finally {
    await adapter.close();
    await driver.tearDown();
  }
}

/** A second adapter on the same site with other settings (or after a schema change), closed afterwards. */
export async function withAdapter(site: Site, overrides: Record<string, unknown>, test: (adapter: ErpnextAdapter) => Promise<void>): Promise<void> {
  const adapter = await createErpnextAdapter({ ...site.config, ...overrides });
  try {
    await test(adapter);
  } finally {
    await adapter.close();
  }
}
