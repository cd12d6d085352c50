import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { buildSource, editSource, hashSource, syncSource } from './phases';

/**
 * Runs one phase in a child process, so that its peak RSS (`maxRSS`) is its own and not the
 * generator's or an earlier phase's.
 */
const PHASES = {
  build: buildSource,
  edit: editSource,
  sync: syncSource,
  floor: hashSource,
} as const;

export type PhaseName = keyof typeof PHASES;
type PhaseArgs<P extends PhaseName> = Parameters<(typeof PHASES)[P]>;
type PhaseResult<P extends PhaseName> = Awaited<ReturnType<(typeof PHASES)[P]>>;

/** Peak RSS, and the peak of each quarter of the phase's run (sampled every 500 ms from /proc): flat quarters mean bounded memory. */
export interface PhaseMemory {
  peakRssMb: number;
  rssByQuarterMb: number[];
}

export function inChild<P extends PhaseName>(phase: P, ...args: PhaseArgs<P>): Promise<PhaseResult<P> & PhaseMemory> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [phase, JSON.stringify(args)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    // sampled from here: the child's own timers starve while its synchronous SQLite calls chain
    // through microtasks
    const samples: number[] = [];
    const sampler = setInterval(() => {
      const rss = residentBytes(child.pid);
      if (rss !== undefined) samples.push(rss);
    }, 500);
    let answer: ({ result?: PhaseResult<P>; error?: string } & Pick<PhaseMemory, 'peakRssMb'>) | undefined;
    child.on('message', (message) => (answer = message as typeof answer));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(sampler);
      if (answer?.result) resolve({ ...answer.result, peakRssMb: answer.peakRssMb, rssByQuarterMb: byQuarter(samples) });
      else reject(new Error(`bench phase ${phase} failed (exit ${code}): ${answer?.error ?? 'no answer'}`));
    });
  });
}

if (require.main === module) {
  const [phase, args] = process.argv.slice(2) as [PhaseName, string];
  const run = PHASES[phase] as (...args: unknown[]) => Promise<unknown>;
  const memory = () => ({ peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) });
  run(...(JSON.parse(args) as unknown[])).then(
    (result) => process.send!({ result, ...memory() }, () => process.exit(0)),
    (error: Error) => process.send!({ error: error.stack ?? String(error), ...memory() }, () => process.exit(1)),
  );
}

/** A process's resident set from /proc (Linux); undefined elsewhere or once it has gone. */
function residentBytes(pid: number | undefined): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function byQuarter(samples: readonly number[]): number[] {
  if (samples.length < 4) return [];
  return [0, 1, 2, 3].map((q) => Math.round(Math.max(...samples.slice(Math.floor((q * samples.length) / 4), Math.floor(((q + 1) * samples.length) / 4))) / 2 ** 20));
}
