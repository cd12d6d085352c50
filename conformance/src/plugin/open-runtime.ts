import { CreateHost, HostRuntime } from './host-runtime';
import { InProcessRuntime } from './in-process-runtime';
import { PluginUnderTest } from './plugin-under-test';
import { AdapterRuntime } from './runtime';

/** @ledgersync/core's `createPluginHost`, when core is built with it. */
function pluginHostFactory(): CreateHost | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const core = require('@ledgersync/core') as { createPluginHost?: CreateHost };
  return typeof core.createPluginHost === 'function' ? core.createPluginHost : undefined;
}

/**
 * The plugin host's isolated runtime when the plugin is a folder; the suite's own process when the
 * adapter is a factory (the suite's broken adapters), on request, or when core has no host.
 * The report says which, and why.
 */
export async function openRuntime(plugin: PluginUnderTest, preference: 'auto' | 'in-process', ledgerPaths: string[] = []): Promise<AdapterRuntime> {
  if (!plugin.dir || plugin.factory) return new InProcessRuntime(plugin, 'the adapter was given as a factory, so it runs in the suite’s process');
  if (preference === 'in-process') return new InProcessRuntime(plugin, 'in-process on request (--in-process)');
  if (plugin.manifestError) return new InProcessRuntime(plugin, 'the manifest is invalid, so the plugin host would refuse the plugin');
  const createHost = pluginHostFactory();
  if (!createHost) return new InProcessRuntime(plugin, '@ledgersync/core has no plugin host: the adapter runs in the suite’s process');
  return new HostRuntime(plugin, createHost, ledgerPaths);
}
