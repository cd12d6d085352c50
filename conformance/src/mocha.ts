import { basename } from 'node:path';
import { notApplicable, verdictOf } from './mocha-verdict';
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
 * differences found, fails when it produced no result at all (nothing was checked), or is pending
 * with its written reason in the title when skipped. A check that cannot apply to a ledger (no
 * proposal step for "proposals") is no test at all: it is listed as "not applicable: <why>" after
 * the suite.
 */
export function conformance(options: ConformanceOptions & { title?: string }): void {
  const loaded = loadLedgers(options.ledgers);
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
        const verdict = verdictOf(check, report!.results, ledger);
        if (verdict.kind === 'failed') throw new Error(verdict.failures.map(describeFailure).join('\n'));
        if (verdict.kind === 'empty') throw new Error(verdict.message);
        if (verdict.kind === 'skipped') {
          // the written reason shows where the pending test is listed
          if (this.test) this.test.title += ` (skipped: ${verdict.reasons.join('; ')})`;
          this.skip();
        }
      });
    };
    const notApplicableLines: string[] = [];
    for (const check of CHECK_IDS.filter((c) => CHECKS[c].scope === 'plugin')) define(check);
    for (const { ledger } of loaded) {
      for (const check of CHECK_IDS.filter((c) => CHECKS[c].scope !== 'plugin')) {
        const why = notApplicable(check, ledger);
        if (why) notApplicableLines.push(`${ledger.name}: ${check}: not applicable: ${why}`);
        else define(check, ledger.name);
      }
    }
    after(() => {
      if (notApplicableLines.length > 0) console.log(notApplicableLines.map((line) => `    ${line}`).join('\n'));
    });
  });
}

function describeFailure(result: CheckResult): string {
  const where = result.step !== undefined ? `step ${result.step} (${result.stepLabel}): ` : '';
  const details = (result.details ?? []).slice(1, 10).map((d) => `\n    - ${d}`).join('');
  return `${where}${result.message}${details}`;
}
