/**
 * A connector in miniature for containment tests: starts a host, activates the `intruder` fixture,
 * prints its plugin process's pid, and waits to be killed.
 */
import { join } from 'node:path';
import { createPluginHost } from '../../../src/host';

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'plugins');
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

void (async () => {
  const host = await createPluginHost({ pluginFolders: [join(FIXTURES, 'intruder')], logger: quiet });
  const adapter = await host.adapter('intruder', {});
  process.stdout.write(`${await adapter.probe!('pid')}\n`);
  setInterval(() => undefined, 60_000);
})();
