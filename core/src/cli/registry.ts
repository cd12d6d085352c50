/** A CLI command: a module exporting `run(args): Promise<number>` (the exit code). */
export interface CommandModule {
  run(args: string[]): Promise<number>;
}

interface CommandEntry {
  summary: string;
  /** Module id, resolved when the command runs. */
  module: string;
}

/** Every command, by name. Add one: a module in ./commands (or another package) and a line here. */
export const COMMANDS: Record<string, CommandEntry> = {
  demo: { summary: 'play the public ledgers night by night on the embedded default (npm start)', module: './commands/demo' },
  plugins: { summary: 'plugins list: id, version, engine, status, certificate, activation time, crashes', module: './commands/plugins' },
  platform: { summary: 'platform serve | connectors|accountants …: the platform server, credentials, dossier assignments, accountants and API tokens', module: './commands/platform' },
  connector: { summary: 'connector run|status --config connector.json: the office connector as a service, and what it is doing', module: './commands/connector' },
  tasks: { summary: 'list sync tasks (--dossier, --state, --kind)', module: './commands/tasks' },
  conformance: { summary: 'run the conformance suite on a plugin (--ledger file.json …, --json)', module: '@ledgersync/conformance/dist/src/cli/conformance' },
  certify: { summary: 'run the suite and, if it passes, sign a certificate into the plugin', module: '@ledgersync/conformance/dist/src/cli/certify' },
  verify: { summary: "check a plugin's certificate", module: '@ledgersync/conformance/dist/src/cli/verify' },
  new: { summary: 'new adapter <name>: scaffold an adapter plugin package', module: '@ledgersync/conformance/dist/src/cli/new' },
};

export function commandModule(entry: CommandEntry): CommandModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(entry.module) as CommandModule;
}
