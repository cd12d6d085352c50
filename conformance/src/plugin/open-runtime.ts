import { InProcessRuntime } from './in-process-runtime';
import { PluginUnderTest } from './plugin-under-test';
import { AdapterRuntime } from './runtime';

/**
 * The plugin host's isolated runtime when the plugin is a folder and the host is built; the
 * suite's own process otherwise, with the reason in the report.
 */
export async function openRuntime(plugin: PluginUnderTest, preference: 'auto' | 'in-process'): Promise<AdapterRuntime> {
  if (!plugin.dir) return new InProcessRuntime(plugin, 'the adapter was given as a factory, so it runs in the suite’s process');
  if (preference === 'in-process') return new InProcessRuntime(plugin, 'in-process on request');
  return new InProcessRuntime(plugin, 'the plugin host is not available yet: the adapter runs in the suite’s process');
}
