import { resolve } from 'node:path';
import { formatReport } from '../report/text';
import { runConformance } from '../suite/run';
import { ConformanceReport } from '../suite/types';
import { driverForPlugin } from './plugin-driver';
import { writeGeneratedLedgers } from '../generate';
import { UsageError } from './args';
import { PUBLIC_LEDGERS } from '../version';
import { progressFor, ProgressStream } from '@ledgersync/core/dist/src/cli/progress';

/** Runs the suite for `ledgersync conformance` and `certify`; prints the report (text or JSON) to stdout. */
export interface SuiteCliOptions {
  ledgers?: string[];
  /** Seeds of generated ledgers to replay as well (`--generate <seed>`). */
  generate?: string[];
  /** The contributed adapter to test, when the plugin has several. */
  adapterId?: string;
  json: boolean;
  inProcess: boolean;
}

export async function runSuiteFromCli(pluginDir: string, { ledgers, generate, adapterId, json, inProcess }: SuiteCliOptions, progressStream: ProgressStream = process.stderr): Promise<ConformanceReport> {
  const dir = resolve(pluginDir);
  const seeds = (generate ?? []).map((seed) => {
    if (!/^\d+$/.test(seed)) throw new UsageError(`--generate ${seed}: a seed is a whole number`);
    return Number(seed);
  });
  // generated ledgers join the given ones (or the public ones when none are given)
  const files = seeds.length ? [...(ledgers?.map((ledger) => resolve(ledger)) ?? PUBLIC_LEDGERS), ...writeGeneratedLedgers(seeds)] : ledgers?.map((ledger) => resolve(ledger));
  const progress = progressFor(progressStream);
  let checks = 0;
  let failed = 0;
  const report = await runConformance({
    plugin: { dir, adapterId },
    driver: driverForPlugin(dir),
    ledgers: files,
    runtime: inProcess ? 'in-process' : 'auto',
    // the ledgers as steps: a bar on a terminal, a line per ledger otherwise (on stderr; stdout has the report)
    onLedger: (index, total, name) => progress.step(index, total, `ledger ${name}`),
    onResult: (result) => {
      checks++;
      if (result.status === 'failed') failed++;
    },
  });
  progress.line(`${checks} check result(s), ${failed} failed`);
  progress.end();
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report;
}
