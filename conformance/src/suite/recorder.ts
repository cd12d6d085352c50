import { CHECKS, CheckId } from './catalog';
import { CheckResult } from './types';

/** Where a check ran: ledger and step, when it is that specific. */
export interface CheckScope {
  ledger?: string;
  step?: number;
  stepLabel?: string;
}

/**
 * Collects results and decides skips: an optional check listed in the adapter's `conformance.skip`
 * is skipped with that reason; a check switched off by a capability without a written reason fails.
 */
export class ResultRecorder {
  readonly results: CheckResult[] = [];

  constructor(private readonly skipReasons: Partial<Record<CheckId, string>>, private readonly onResult?: (result: CheckResult) => void) {}

  /** The written reason to skip `check`, if the adapter gave one for an optional check. */
  skipReason(check: CheckId): string | undefined {
    return CHECKS[check].optional ? this.skipReasons[check] : undefined;
  }

  /** Records the outcome: failed when there are differences, else passed with `message`. */
  outcome(check: CheckId, scope: CheckScope, differences: string[], passedMessage: string, failedMessage?: string): void {
    if (differences.length === 0) this.add({ check, status: 'passed', ...scope, message: passedMessage });
    else this.add({ check, status: 'failed', ...scope, message: `${failedMessage ?? CHECKS[check].title}: ${differences[0]}${differences.length > 1 ? ` (and ${differences.length - 1} more)` : ''}`, details: differences.slice(0, 50) });
  }

  skipped(check: CheckId, scope: CheckScope, reason: string): void {
    this.add({ check, status: 'skipped', ...scope, message: reason });
  }

  /** A check a capability switched off: skipped with the adapter's written reason, or failed for want of one. */
  switchedOff(check: CheckId, scope: CheckScope, why: string): void {
    const reason = this.skipReason(check);
    if (reason) this.skipped(check, scope, `${reason} (${why})`);
    else this.add({ check, status: 'failed', ...scope, message: `${why}, and conformance.skip.${check} gives no written reason` });
  }

  failed(check: CheckId, scope: CheckScope, message: string, details?: string[]): void {
    this.add({ check, status: 'failed', ...scope, message, ...(details?.length ? { details } : {}) });
  }

  private add(result: CheckResult): void {
    this.results.push(result);
    this.onResult?.(result);
  }
}
