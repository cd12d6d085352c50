import { basename } from 'node:path';
import { CHECKS, CheckId, CHECK_IDS } from './suite/catalog';
import { loadLedgers, pluginSpecOf, runConformance } from './suite/run';
import { CheckResult, ConformanceOptions, ConformanceReport } from './suite/types';

/**
 * Defines the suite as mocha tests in an adapter's own test file:
 *
 *     import { conformance } from '@ledgersync/conformance';
 *     conformance({ plugin: join(__dirname, '..', '..'), driver: () => new MyDriver() });
 *
 * The suite runs once (in `before`); each check becomes an `it` per ledger that fails with the
 * differences found, or is pending with its written reason when skipped.
 */
export function conformance(options: ConformanceOptions & { title?: string }): void {
  const ledgers = loadLedgers(options.ledgers).map(({ ledger }) => ledger.name);
  const spec = pluginSpecOf(options.plugin);
  const title = options.title ?? `conformance: ${spec.dir ? basename(spec.dir) : spec.adapterId ?? 'adapter'}`;
  describe(title, function () {
    this.timeout(120_000);
    let report: ConformanceReport | undefined;
    let failure: Error | undefined;
    before(async function () {
      this.timeout(300_000);
      try {
        report = await runConformance(options);
      } catch (error) {
        failure = error as Error;
      }
    });
    const define = (check: CheckId, ledger?: string) => {
      it(`${ledger ? `${ledger}: ` : ''}${check}: ${CHECKS[check].title}`, function () {
        if (failure) throw failure;
        const results = report!.results.filter((r) => r.check === check && (ledger === undefined || r.ledger === ledger));
        const failed = results.filter((r) => r.status === 'failed');
        if (failed.length > 0) throw new Error(failed.map(describeFailure).join('\n'));
        // skipped with a reason, or not exercised by this ledger (no proposal step, say)
        if (results.every((r) => r.status === 'skipped')) this.skip();
      });
    };
    for (const check of CHECK_IDS.filter((c) => CHECKS[c].scope === 'plugin')) define(check);
    for (const ledger of ledgers) for (const check of CHECK_IDS.filter((c) => CHECKS[c].scope !== 'plugin')) define(check, ledger);
  });
}

function describeFailure(result: CheckResult): string {
  const where = result.step !== undefined ? `step ${result.step} (${result.stepLabel}): ` : '';
  const details = (result.details ?? []).slice(1, 10).map((d) => `\n    - ${d}`).join('');
  return `${where}${result.message}${details}`;
}
