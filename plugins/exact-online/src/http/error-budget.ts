import { Clock, RateLimitedError } from '@ledgersync/sdk';

/** Exact blocks an app for an endpoint after 10 failed calls to it within an hour. */
export const ERRORS_PER_ENDPOINT_PER_HOUR = 10;
const HOUR_MS = 3_600_000;

/**
 * Counts failed calls per endpoint over the last hour and refuses the call that could be the
 * tenth, so that the adapter never gets the app blocked: the sync stops with a retry time instead.
 */
export class ErrorBudget {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly clock: Clock, private readonly limit = ERRORS_PER_ENDPOINT_PER_HOUR) {}

  /** Throws RateLimitedError when one more failure on `endpoint` would reach Exact's limit. */
  check(endpoint: string): void {
    const recent = this.recent(endpoint);
    if (recent.length >= this.limit - 1) {
      const retryAfterMs = recent[0] + HOUR_MS - this.clock.now().getTime();
      throw new RateLimitedError(`Exact Online blocks an app after ${this.limit} errors on one endpoint within an hour; ${endpoint} had ${recent.length}: not calling it again before they age out`, retryAfterMs);
    }
  }

  /** Records a failed call (HTTP 4xx other than 429 on a waited-out quota, or 5xx). */
  fail(endpoint: string): void {
    this.failures.set(endpoint, [...this.recent(endpoint), this.clock.now().getTime()]);
  }

  private recent(endpoint: string): number[] {
    const since = this.clock.now().getTime() - HOUR_MS;
    return (this.failures.get(endpoint) ?? []).filter((at) => at > since);
  }
}
