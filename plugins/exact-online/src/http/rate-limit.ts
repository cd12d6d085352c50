import { Clock, RateLimitedError } from '@ledgersync/sdk';

/** Waits; injectable so that tests do not wait for real. */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the last response said about the division's quotas (`X-RateLimit-*` headers). */
export interface QuotaState {
  dailyLimit?: number;
  dailyRemaining?: number;
  /** Epoch milliseconds. */
  dailyReset?: number;
  minutelyLimit?: number;
  minutelyRemaining?: number;
  /** Epoch milliseconds. */
  minutelyReset?: number;
}

export interface RateLimitEvents {
  onWait?(ms: number, reason: string): void;
}

/**
 * Exact Online allows 60 calls a minute and 5,000 a day per division, and says how many are left
 * in every response. Before each call: when the minutely quota is spent, wait until it resets; when
 * the daily quota (less a reserve left for other apps) is spent, stop with a RateLimitedError —
 * waiting hours inside a sync would only hold the connector's queue.
 */
export class RateLimiter {
  private state: QuotaState = {};

  constructor(private readonly clock: Clock, private readonly sleep: Sleep, private readonly dailyReserve = 0, private readonly events: RateLimitEvents = {}) {}

  get quota(): Readonly<QuotaState> {
    return this.state;
  }

  async beforeCall(): Promise<void> {
    const now = this.clock.now().getTime();
    const { dailyRemaining, dailyReset, minutelyRemaining, minutelyReset } = this.state;
    if (dailyRemaining !== undefined && dailyRemaining <= this.dailyReserve && (dailyReset === undefined || dailyReset > now)) {
      const retryAfterMs = dailyReset === undefined ? undefined : dailyReset - now;
      throw new RateLimitedError(
        `Exact Online's daily quota for this division is spent (${dailyRemaining} of ${this.state.dailyLimit ?? '?'} calls left, ${this.dailyReserve} reserved)${dailyReset ? `; it resets at ${new Date(dailyReset).toISOString()}` : ''}`,
        retryAfterMs,
      );
    }
    if (minutelyRemaining !== undefined && minutelyRemaining <= 0 && minutelyReset !== undefined && minutelyReset > now) {
      const wait = minutelyReset - now;
      this.events.onWait?.(wait, 'minutely quota spent');
      await this.sleep(wait);
      this.state = { ...this.state, minutelyRemaining: undefined };
    }
  }

  /** Reads the quota headers of a response. */
  record(headers: Headers): void {
    const read = (name: string) => {
      const value = headers.get(name);
      if (value === null || value.trim() === '') return undefined;
      const number = Number(value);
      return Number.isFinite(number) ? number : undefined;
    };
    const next: QuotaState = {
      dailyLimit: read('x-ratelimit-limit'),
      dailyRemaining: read('x-ratelimit-remaining'),
      dailyReset: read('x-ratelimit-reset'),
      minutelyLimit: read('x-ratelimit-minutely-limit'),
      minutelyRemaining: read('x-ratelimit-minutely-remaining'),
      minutelyReset: read('x-ratelimit-minutely-reset'),
    };
    for (const key of Object.keys(next) as (keyof QuotaState)[]) if (next[key] === undefined) delete next[key];
    this.state = { ...this.state, ...next };
  }

  /** After a 429: when the minutely quota explains it, the caller waits for the reset and retries. */
  minutelyWaitAfterRefusal(): number | undefined {
    const now = this.clock.now().getTime();
    const { minutelyReset, dailyRemaining } = this.state;
    if (dailyRemaining !== undefined && dailyRemaining <= 0) return undefined;
    return minutelyReset !== undefined && minutelyReset > now ? minutelyReset - now : 60_000;
  }
}
