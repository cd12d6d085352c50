import { resolve } from 'node:path';
import { scaffoldAdapter } from '../scaffold/scaffold';
import { parseArgs, UsageError } from './args';

const USAGE = 'usage: ledgersync new adapter <name> [--dir <folder>]   (default folder: ./ledgersync-adapter-<name>)';

/** `ledgersync new adapter <name>`: scaffolds a plugin package that passes the conformance suite as generated. */
export async function run(args: string[]): Promise<number> {
  try {
    const parsed = parseArgs(args, ['dir'], []);
    const [kind, name, ...rest] = parsed.positionals;
    if (kind !== 'adapter' || !name || rest.length > 0) throw new UsageError('give: new adapter <name>');
    const dir = resolve(parsed.options.dir?.[0] ?? `ledgersync-adapter-${name}`);
    const files = scaffoldAdapter(name, dir);
    process.stdout.write(`created ${dir}\n${files.map((f) => `  ${f}`).join('\n')}\n\nnext:\n  cd ${dir}\n  npm install\n  npm test          # the conformance suite, on the recorded-ledger backend: passes as generated\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
}
