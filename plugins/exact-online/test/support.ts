import { join } from 'node:path';
import { AdapterServices, Clock, Logger } from '@ledgersync/sdk';
import { CaptureLogger as CapturingLogger } from '@ledgersync/conformance';

/** A logger that keeps every line, to check that no secret is ever written: the conformance suite's own. */
export { CapturingLogger };

export const LEDGERS = ['bakery-basic.json', 'closed-period-edit.json'].map((name) => join(__dirname, '..', '..', '..', '..', 'conformance', 'ledgers', name));

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** A clock tests move by hand; `sleep` moves it instead of waiting. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(private ms: number) {}

  now(): Date {
    return new Date(this.ms);
  }

  advance(ms: number): void {
    this.ms += ms;
  }

  readonly sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.ms += ms;
  };
}

export function services(clock: Clock = { now: () => new Date() }, logger: Logger = new CapturingLogger()): Pick<AdapterServices, 'http' | 'clock' | 'logger'> {
  return { http: { fetch: (input, init) => fetch(input, init) }, clock, logger };
}
