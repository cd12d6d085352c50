import { parseArgs, UsageError } from './args';
import { runSuiteFromCli } from './run-suite';

const USAGE = 'usage: ledgersync conformance <plugin folder> [--ledger file.json …] [--generate <seed> …] [--adapter id] [--json] [--in-process]';

/** `ledgersync conformance`: exit 0 when every check passed or was skipped with a reason, 1 on any failure, 2 on bad usage. */
export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(args, ['ledger', 'generate', 'adapter'], ['json', 'in-process']);
    if (parsed.positionals.length !== 1) throw new UsageError('give one plugin folder');
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const report = await runSuiteFromCli(parsed.positionals[0], { ledgers: parsed.options.ledger, generate: parsed.options.generate, adapterId: parsed.options.adapter?.[0], json: parsed.flags.has('json'), inProcess: parsed.flags.has('in-process') });
  return report.passed ? 0 : 1;
}
