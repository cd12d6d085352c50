import { LedgersyncError } from '@ledgersync/sdk';

export class UsageError extends LedgersyncError {
  constructor(detail: string) {
    super('CLI_USAGE', detail);
  }
}

/** Parsed command line: positionals, repeatable `--name value` options and `--flag`s. */
export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string[]>;
  flags: Set<string>;
}

/** Parses `args` knowing which options take a value; anything else starting with `--` is a flag. */
export function parseArgs(args: string[], withValue: readonly string[], flags: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], options: {}, flags: new Set() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      parsed.positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (withValue.includes(name)) {
      const value = inline ?? args[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      (parsed.options[name] ??= []).push(value);
    } else if (flags.includes(name)) parsed.flags.add(name);
    else throw new UsageError(`unknown option --${name}`);
  }
  return parsed;
}
