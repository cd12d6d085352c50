import { cpSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const FIXTURES = resolve(__dirname, '../../../test/fixtures');
const SOURCE = join(FIXTURES, 'plugin-dependencies');

/**
 * Copies the fixture plugins' dependencies into their `node_modules` folders (see
 * test/fixtures/plugin-dependencies/README.md): `shared` serves every fixture plugin, any other
 * folder the plugin of its name. Idempotent; `node_modules` itself is never committed.
 */
export function installFixtureDependencies(): string {
  const plugins = join(FIXTURES, 'plugins');
  for (const owner of readdirSync(SOURCE, { withFileTypes: true })) {
    if (!owner.isDirectory()) continue;
    const target = owner.name === 'shared' ? join(plugins, 'node_modules') : join(plugins, owner.name, 'node_modules');
    cpSync(join(SOURCE, owner.name), target, { recursive: true });
  }
  return plugins;
}
