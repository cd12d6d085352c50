import { parseArgs, ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O }>>['values'];

/**
 * Parses a command's options with node's own `parseArgs`. Returns the values, or the exit code
 * when the command should stop: 0 after printing the usage for `--help`, 2 after a bad command line
 * (the problem, then the usage, on stderr).
 */
export function parseCommandLine<O extends Options>(args: string[], options: O, usage: string): Values<O> | number {
  if (args.includes('--help')) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  try {
    return parseArgs({ args, options }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}\n`);
    return 2;
  }
}
