import { RecordedLedger } from '@ledgersync/sdk';
import { CheckId } from './suite/catalog';
import { CheckResult } from './suite/types';

/**
 * What the mocha front end makes of one check's results (for one ledger, or for the plugin). A
 * check that produced no result at all checked nothing: that fails, it never passes silently
 * and is never shown as pending.
 */
export type Verdict =
  | { kind: 'passed' }
  | { kind: 'failed'; failures: CheckResult[] }
  | { kind: 'skipped'; reasons: string[] }
  | { kind: 'empty'; message: string };

export function verdictOf(check: CheckId, results: readonly CheckResult[], ledger?: string): Verdict {
  const mine = results.filter((r) => r.check === check && (ledger === undefined || r.ledger === ledger));
  if (mine.length === 0) {
    return { kind: 'empty', message: `${check}${ledger ? ` on ${ledger}` : ''} produced no result: nothing was checked (a check that applies must pass, fail or be skipped with a reason)` };
  }
  const failures = mine.filter((r) => r.status === 'failed');
  if (failures.length > 0) return { kind: 'failed', failures };
  if (mine.every((r) => r.status === 'skipped')) return { kind: 'skipped', reasons: [...new Set(mine.map((r) => r.message))] };
  return { kind: 'passed' };
}

/**
 * Why a step check does not apply to a ledger at all (undefined: it applies). Such a check is not
 * a test: the front end lists it as "not applicable: <why>", so that a report never shows a pending
 * test for what no adapter could exercise on that ledger.
 */
export function notApplicable(check: CheckId, ledger: RecordedLedger): string | undefined {
  switch (check) {
    case 'proposals':
      return ledger.steps.some((s) => (s.proposals ?? []).length > 0) ? undefined : `${ledger.name} has no step with proposals`;
    case 'expect':
      return ledger.steps.some((s) => s.expect !== undefined) ? undefined : `${ledger.name} has no step with expect figures`;
    case 'incremental-cost':
      return ledger.steps.some((s) => s.sync === 'incremental') ? undefined : `${ledger.name} has no incremental sync`;
    default:
      return undefined;
  }
}
