import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PluginPackageJson } from '@ledgersync/sdk';
import { PluginHost } from '../host';
import { ConnectorAdapter } from './connector';

/** One configured connection of the office: which adapter, with which configuration. */
export interface HostConnection {
  adapterId: string;
  configuration: Record<string, unknown>;
}

/**
 * The connector's adapters as the plugin host runs them, isolated: each connection becomes a proxy
 * across the host's boundary, tagged with its plugin's version and backfill request (read from the
 * plugin's manifest, which the host checked before loading any of its code).
 */
export async function hostAdapters(host: PluginHost, connections: HostConnection[]): Promise<ConnectorAdapter[]> {
  const adapters: ConnectorAdapter[] = [];
  for (const connection of connections) {
    const plugin = host.list().find((info) => info.adapters.includes(connection.adapterId) && info.status !== 'refused');
    const manifest = plugin ? (JSON.parse(readFileSync(join(plugin.dir, 'package.json'), 'utf8')) as PluginPackageJson) : undefined;
    adapters.push({
      id: connection.adapterId,
      version: plugin?.version ?? manifest?.version ?? '0.0.0',
      backfill: manifest?.ledgersync.backfill,
      adapter: await host.adapter(connection.adapterId, connection.configuration),
    });
  }
  return adapters;
}
