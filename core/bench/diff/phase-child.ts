import { fork } from 'node:child_process';
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

export function inChild<P extends PhaseName>(phase: P, ...args: PhaseArgs<P>): Promise<PhaseResult<P> & { peakRssMb: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [phase, JSON.stringify(args)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let answer: { result?: PhaseResult<P>; peakRssMb: number; error?: string } | undefined;
    child.on('message', (message) => (answer = message as typeof answer));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (answer?.result) resolve({ ...answer.result, peakRssMb: answer.peakRssMb });
      else reject(new Error(`bench phase ${phase} failed (exit ${code}): ${answer?.error ?? 'no answer'}`));
    });
  });
}

if (require.main === module) {
  const [phase, args] = process.argv.slice(2) as [PhaseName, string];
  const run = PHASES[phase] as (...args: unknown[]) => Promise<unknown>;
  const peak = () => Math.round(process.resourceUsage().maxRSS / 1024);
  run(...(JSON.parse(args) as unknown[])).then(
    (result) => process.send!({ result, peakRssMb: peak() }, () => process.exit(0)),
    (error: Error) => process.send!({ error: error.stack ?? String(error), peakRssMb: peak() }, () => process.exit(1)),
  );
}
