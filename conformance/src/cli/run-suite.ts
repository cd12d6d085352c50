import { resolve } from 'node:path';
import { formatReport } from '../report/text';
import { runConformance } from '../suite/run';
import { ConformanceReport } from '../suite/types';
import { driverForPlugin } from './plugin-driver';

/** Runs the suite for `ledgersync conformance` and `certify`; prints the report (text or JSON) to stdout. */
export interface SuiteCliOptions {
  ledgers?: string[];
  /** The contributed adapter to test, when the plugin has several. */
  adapterId?: string;
  json: boolean;
  inProcess: boolean;
}

export async function runSuiteFromCli(pluginDir: string, { ledgers, adapterId, json, inProcess }: SuiteCliOptions): Promise<ConformanceReport> {
  const dir = resolve(pluginDir);
  const report = await runConformance({
    plugin: { dir, adapterId },
    driver: driverForPlugin(dir),
    ledgers: ledgers?.map((ledger) => resolve(ledger)),
    runtime: inProcess ? 'in-process' : 'auto',
    onResult: json ? undefined : (result) => process.stderr.write(result.status === 'failed' ? 'F' : '.'),
  });
  if (!json) process.stderr.write('\n');
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report;
}
