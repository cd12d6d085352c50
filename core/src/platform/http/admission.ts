/**
 * How many requests with a body the platform works on at once, and what the others do meanwhile.
 * Each one holds a database connection for its whole handling, so at most `maxInFlight` (the pool
 * size) run; up to `maxQueued` more wait, first come first served, up to `maxWaitMs` for a place;
 * beyond either bound the request is refused at once (the caller answers 503 with Retry-After).
 * A waiting request has not had its body read: it costs a socket and a closure, not a page.
 */
export interface AdmissionLimits {
  maxInFlight: number;
  maxQueued: number;
  maxWaitMs: number;
}

/** Why a request was not admitted: the queue was full, it waited `maxWaitMs` without a place, or its client left. */
export type Refusal = 'queue-full' | 'wait-expired' | 'client-gone';

interface Waiter {
  admit(): void;
  timer: NodeJS.Timeout;
}

export class AdmissionQueue {
  private inFlight = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly limits: AdmissionLimits) {
    for (const [name, value] of Object.entries(limits)) {
      if (!Number.isInteger(value) || value < (name === 'maxInFlight' ? 1 : 0)) throw new RangeError(`admission ${name} must be a whole number, not ${value}`);
    }
  }

  get running(): number {
    return this.inFlight;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Resolves with a release function once the request may run, or with a refusal. Aborting `gone`
   * (the client went away) while the request waits gives its place in the queue up.
   */
  admit(gone: AbortSignal): Promise<{ release: () => void } | { refused: Refusal }> {
    if (this.inFlight < this.limits.maxInFlight && this.waiting.length === 0) return Promise.resolve({ release: this.take() });
    if (this.waiting.length >= this.limits.maxQueued) return Promise.resolve({ refused: 'queue-full' });
    return new Promise((resolve) => {
      const waiter: Waiter = {
        admit: () => resolve({ release: this.take() }),
        timer: setTimeout(() => {
          this.remove(waiter);
          resolve({ refused: 'wait-expired' });
        }, this.limits.maxWaitMs),
      };
      this.waiting.push(waiter);
      // a client that left while waiting frees its place; once admitted, its release does the rest
      gone.addEventListener('abort', () => {
        if (this.remove(waiter)) resolve({ refused: 'client-gone' });
      }, { once: true });
    });
  }

  /** Takes a place; the returned function gives it back once (a second call does nothing). */
  private take(): () => void {
    this.inFlight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      this.next();
    };
  }

  private next(): void {
    if (this.inFlight >= this.limits.maxInFlight) return;
    const waiter = this.waiting.shift();
    if (!waiter) return;
    clearTimeout(waiter.timer);
    waiter.admit();
  }

  private remove(waiter: Waiter): boolean {
    const index = this.waiting.indexOf(waiter);
    if (index < 0) return false;
    this.waiting.splice(index, 1);
    clearTimeout(waiter.timer);
    return true;
  }
}
