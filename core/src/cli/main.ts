#!/usr/bin/env node
/**
 * `ledgersync <command> …`. Each command lives in its own module, loaded only when called, so
 * that `ledgersync plugins list` does not load the conformance suite.
 */
import { commandModule, COMMANDS } from './registry';

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === 'help') {
    process.stdout.write(`usage: ledgersync <command> [options]\n\ncommands:\n${Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(14)} ${c.summary}`).join('\n')}\n`);
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`ledgersync: unknown command ${name} (try ledgersync help)\n`);
    return 2;
  }
  const module = commandModule(command);
  return module.run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
