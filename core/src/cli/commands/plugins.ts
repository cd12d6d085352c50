/**
 * `ledgersync plugins list | enable <id>`: what the plugin host found, in what state, and why.
 * Reads the connector configuration (`--config`) or takes folders on the command line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createPluginHost, hostOptionsFromConfig, PluginHost, PluginHostOptions, PluginInfo, readConnectorConfig } from '../../host';
import type { ConnectionConfig } from '../../host';

const USAGE = `usage: ledgersync plugins list [options]      id, version, engine, status, certificate, activation, crashes
       ledgersync plugins enable <id> [options] re-enable a quarantined plugin

options:
  --config <file>        connector configuration (JSON; see docs/plugin-host.md)
  --plugins <dir>        a plugin folder (repeatable; default ./plugins unless --config)
  --node-modules <dir>   a node_modules folder to search (repeatable; default ./node_modules unless --config)
  --certified-only       load only plugins with a valid certificate
  --trusted-key <file>   an Ed25519 public key (PEM) whose certificates are trusted (repeatable)
  --allow-unsigned <id>  admit this unsigned plugin in certified-only mode (repeatable)
  --state <file>         plugin state file (quarantines, crashes, activation times)
  --activate             activate every loadable plugin now, to measure its activation time
  --json                 print JSON
`;

const OPTIONS = {
  config: { type: 'string' },
  plugins: { type: 'string', multiple: true },
  'node-modules': { type: 'string', multiple: true },
  'certified-only': { type: 'boolean' },
  'trusted-key': { type: 'string', multiple: true },
  'allow-unsigned': { type: 'string', multiple: true },
  state: { type: 'string' },
  activate: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function hostOptions(values: Values): { options: PluginHostOptions; connections: ConnectionConfig[] } {
  const config = values.config ? readConnectorConfig(values.config) : undefined;
  const options: PluginHostOptions = values.config ? hostOptionsFromConfig(values.config, config) : {};
  if (values.plugins) options.pluginFolders = [...(options.pluginFolders ?? []), ...values.plugins.map((dir) => resolve(dir))];
  if (values['node-modules']) options.nodeModules = [...(options.nodeModules ?? []), ...values['node-modules'].map((dir) => resolve(dir))];
  if (!values.config && !values.plugins && !values['node-modules']) {
    options.pluginFolders = [resolve('plugins')];
    options.nodeModules = [resolve('node_modules')];
  }
  if (values['certified-only']) options.certifiedOnly = true;
  if (values['trusted-key']) options.trustedKeys = [...(options.trustedKeys ?? []), ...values['trusted-key'].map((file) => readFileSync(file, 'utf8'))];
  if (values['allow-unsigned']) options.allowUnsigned = [...(options.allowUnsigned ?? []), ...values['allow-unsigned']];
  if (values.state) options.stateFile = resolve(values.state);
  options.logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  return { options, connections: config?.connections ?? [] };
}

interface ConnectionLine {
  name: string;
  adapter: string;
  configuration: Record<string, unknown>;
  check: string;
}

async function checkConnections(host: PluginHost, connections: ConnectionConfig[]): Promise<ConnectionLine[]> {
  const lines: ConnectionLine[] = [];
  for (const connection of connections) {
    let configuration: Record<string, unknown> = {};
    let check = 'ok';
    try {
      configuration = host.redactedConfiguration(connection.adapter, connection.configuration);
      await host.checkConfiguration(connection.adapter, connection.configuration);
    } catch (error) {
      check = (error as Error).message;
    }
    lines.push({ name: connection.name, adapter: connection.adapter, configuration, check });
  }
  return lines;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}

function render(plugins: PluginInfo[], connections: ConnectionLine[]): string {
  const rows = [['ID', 'VERSION', 'ENGINE', 'STATUS', 'CERTIFICATE', 'ACTIVATION', 'CRASHES']];
  for (const plugin of plugins) {
    const activation = plugin.activationMs === undefined ? '-' : `${plugin.activationMs.toFixed(0)} ms`;
    rows.push([plugin.id, plugin.version ?? '-', plugin.engineRange ?? '-', plugin.status, plugin.certificate.status, activation, String(plugin.crashes)]);
  }
  const reasons = plugins.filter((plugin) => plugin.reason).map((plugin) => `  ${plugin.id}: ${plugin.reason}`);
  let text = `${table(rows)}\n`;
  if (reasons.length) text += `\nrefused or quarantined:\n${reasons.join('\n')}\n`;
  if (connections.length) {
    text += `\nconnections:\n${connections.map((c) => `  ${c.name} (${c.adapter}): ${c.check}\n    ${JSON.stringify(c.configuration)}`).join('\n')}\n`;
  }
  return text;
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [action, pluginId] = parsed.positionals;
  if (parsed.values.help || !action || !['list', 'enable'].includes(action) || (action === 'enable' && !pluginId)) {
    process.stdout.write(USAGE);
    return parsed.values.help ? 0 : 2;
  }
  // a folder named on the command line that is not there is a mistake, not an empty list
  const missing = [...(parsed.values.plugins ?? []), ...(parsed.values['node-modules'] ?? [])].filter((dir) => !existsSync(dir));
  if (missing.length > 0) {
    process.stderr.write(`ledgersync plugins: no such folder: ${missing.map((dir) => resolve(dir)).join(', ')}\n`);
    return 2;
  }
  const { options, connections } = hostOptions(parsed.values);
  if (action === 'enable' && !options.stateFile) {
    process.stderr.write('ledgersync plugins enable: a quarantine lives in the state file; give --state or a --config with plugins.stateFile\n');
    return 2;
  }
  const host = await createPluginHost(options);
  try {
    if (action === 'enable') {
      host.reenable(pluginId);
      process.stdout.write(`${pluginId} re-enabled\n`);
      return 0;
    }
    const activationFailures: string[] = [];
    if (parsed.values.activate) {
      for (const plugin of host.list()) {
        if (plugin.status === 'loaded') await host.activate(plugin.id).catch((error: unknown) => activationFailures.push(`  ${plugin.id}: ${(error as Error).message}`));
      }
    }
    const plugins = host.list();
    const lines = await checkConnections(host, connections);
    process.stdout.write(parsed.values.json ? `${JSON.stringify({ plugins, connections: lines }, null, 2)}\n` : render(plugins, lines));
    if (activationFailures.length > 0) {
      process.stderr.write(`activation failed:\n${activationFailures.join('\n')}\n`);
      return 1;
    }
    return 0;
  } finally {
    await host.close();
  }
}
