import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';

/** What an operator grants one plugin beyond the default (its own folder to read, its scratch folder to write). */
export interface PluginPermissions {
  /** Native addons (better-sqlite3 and the like): `--allow-addons`. Native code is not contained by Node's permission model. */
  nativeAddons?: boolean;
  /** More files or folders the plugin may read (a SQLite file, a vendor's export folder). */
  readPaths?: string[];
  /** More files or folders the plugin may write. */
  writePaths?: string[];
}

export interface LaunchPlan {
  /** Node options before the entry script. */
  execArgv: string[];
  readPaths: string[];
  writePaths: string[];
}

/** The folder this file is in is the runtime's own code: the entry, the RPC protocol, the host's errors. */
const RUNTIME_DIR = join(__dirname, '..');

/** Every `node_modules` folder Node's resolution walks from `dir` up to the root, that exists, as given and resolved. */
function nodeModulesAbove(dir: string): string[] {
  const found: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
    const candidate = join(at, 'node_modules');
    if (existsSync(candidate)) found.push(candidate, realpathSync(candidate));
    if (at === parse(at).root) return found;
  }
}

/** The package folder of a module the runtime itself loads, resolved through workspace symlinks. */
function packageRoot(name: string): string {
  return dirname(realpathSync(require.resolve(`${name}/package.json`)));
}

/**
 * The command line of one plugin's process under Node's permission model: it reads its own package
 * folder, the runtime's files and the node_modules folders resolution walks through (its own
 * included), writes only its scratch folder, and may start neither child processes nor workers.
 * Native addons only with the operator's permission. Heap capped at `memoryMb`.
 */
export function launchPlan(pluginDir: string, scratchDir: string, memoryMb: number, permissions: PluginPermissions = {}): LaunchPlan {
  const ownDir = realpathSync(pluginDir);
  const readPaths = [...new Set([
    pluginDir, ownDir, RUNTIME_DIR,
    packageRoot('@ledgersync/sdk'),
    ...nodeModulesAbove(RUNTIME_DIR), ...nodeModulesAbove(ownDir), ...nodeModulesAbove(pluginDir),
    ...(permissions.readPaths ?? []),
  ])];
  const writePaths = [...new Set([scratchDir, ...(permissions.writePaths ?? [])])];
  const execArgv = [
    '--experimental-permission',
    ...readPaths.map((path) => `--allow-fs-read=${path}`),
    ...writePaths.map((path) => `--allow-fs-write=${path}`),
    ...(permissions.nativeAddons ? ['--allow-addons'] : []),
    `--max-old-space-size=${memoryMb}`,
    // Node warns that the permission model is experimental on every start: noise in the plugin's log.
    '--no-warnings',
  ];
  return { execArgv, readPaths, writePaths };
}
