import { readFileSync } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface WatchdogLimits {
  /** Resident memory (heap, Buffers, native allocations) above this ends the process. */
  rssMb: number;
  /** The scratch folder's size above this ends the process. */
  scratchMb: number;
  intervalMs: number;
}

/** Why the watchdog ended a plugin process. */
export interface Overrun {
  reason: 'out of memory' | 'disk quota';
  detail: string;
}

const PAGE_BYTES = 4096;
const MB = 1024 * 1024;

/** Resident set size of another process, from /proc (Linux); undefined where that is not available. */
export function residentBytes(pid: number): number | undefined {
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return Number.isFinite(pages) ? pages * PAGE_BYTES : undefined;
  } catch {
    return undefined;
  }
}

/** Bytes of the regular files under `dir`, symlinks not followed. */
async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await folderBytes(path);
    else if (entry.isFile()) total += (await lstat(path).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

/**
 * Watches one plugin process from the host: its resident memory, which the heap cap does not bound
 * (Buffers and native memory live outside V8's heap), and its scratch folder's size. Reports the
 * first overrun once; the owner kills the process.
 */
export class ResourceWatchdog {
  private timer?: NodeJS.Timeout;
  private scanning = false;

  constructor(private readonly pid: number, private readonly scratchDir: string, private readonly limits: WatchdogLimits, private readonly onOverrun: (overrun: Overrun) => void) {}

  start(): void {
    this.timer = setInterval(() => void this.check(), this.limits.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async check(): Promise<void> {
    const rss = residentBytes(this.pid);
    if (rss !== undefined && rss > this.limits.rssMb * MB) {
      this.overrun({ reason: 'out of memory', detail: `resident memory ${Math.round(rss / MB)} MB over the limit of ${this.limits.rssMb} MB` });
      return;
    }
    if (this.scanning) return;
    this.scanning = true;
    try {
      const bytes = await folderBytes(this.scratchDir);
      if (this.timer && bytes > this.limits.scratchMb * MB) this.overrun({ reason: 'disk quota', detail: `scratch folder ${Math.round(bytes / MB)} MB over the limit of ${this.limits.scratchMb} MB` });
    } finally {
      this.scanning = false;
    }
  }

  private overrun(overrun: Overrun): void {
    if (!this.timer) return;
    this.stop();
    this.onOverrun(overrun);
  }
}
