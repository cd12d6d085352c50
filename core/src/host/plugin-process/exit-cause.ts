import type { CrashReason } from '../errors';
import type { Overrun } from './watchdog';

/** The line the entry writes to stderr after an uncaught exception, before it exits. */
const FATAL_PREFIX = 'ledgersync-plugin-fatal: ';
const HEAP_EXHAUSTED = /heap out of memory|Reached heap limit/;

/**
 * Why a plugin process ended, from what the host saw before it closed: the watchdog's overrun, a
 * message the host could not take, V8's heap-exhaustion report, the entry's fatal line, or else
 * the signal or exit code.
 */
export class ExitCause {
  private fatal?: string;
  private outOfHeap = false;
  private overrun?: Overrun;
  private protocolError?: string;

  /** Takes the stderr lines that explain an exit; false for any other line (forwarded as output). */
  readStderr(line: string): boolean {
    if (line.startsWith(FATAL_PREFIX)) this.fatal = line.slice(FATAL_PREFIX.length);
    else if (HEAP_EXHAUSTED.test(line)) this.outOfHeap = true;
    else return false;
    return true;
  }

  overran(overrun: Overrun): void {
    this.overrun = overrun;
  }

  protocolViolation(detail: string): void {
    this.protocolError = detail;
  }

  /** Reason and detail of the crash; `redact` scrubs what came from the plugin. */
  of(code: number | null, signal: NodeJS.Signals | null, heapMb: number, redact: (text: string) => string): { reason: CrashReason; detail: string } {
    if (this.overrun) return this.overrun;
    if (this.protocolError !== undefined) return { reason: 'protocol violation', detail: `a message the host cannot take: ${redact(this.protocolError)}` };
    if (this.outOfHeap) return { reason: 'out of memory', detail: `heap limit ${heapMb} MB` };
    if (this.fatal !== undefined) return { reason: 'uncaught exception', detail: redact(this.fatal) };
    if (signal) return { reason: 'killed', detail: `signal ${signal}` };
    return { reason: 'exited', detail: `process.exit(${code})` };
  }
}
