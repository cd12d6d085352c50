import { existsSync, readFileSync, realpathSync } from 'node:fs';
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

/** A package's declared dependencies (and optional and peer ones) by name. */
function dependenciesOf(packageDir: string): string[] {
  try {
    const json = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    return [...new Set([json.dependencies, json.optionalDependencies, json.peerDependencies].flatMap((deps) => Object.keys(deps ?? {})))];
  } catch {
    return [];
  }
}

/**
 * Dependencies installed as symlinks (workspace packages, `npm link`) load from where the link
 * points, outside every node_modules folder: their resolved folders, and theirs in turn.
 */
function linkedDependencies(packageDir: string, seen = new Set<string>()): string[] {
  const found: string[] = [];
  for (const name of dependenciesOf(packageDir)) {
    const installed = nodeModulesAbove(packageDir).map((modules) => join(modules, name)).find((path) => existsSync(path));
    if (!installed) continue;
    const real = realpathSync(installed);
    if (real === installed || seen.has(real) || real.split(/[\\/]/).includes('node_modules')) continue;
    seen.add(real);
    found.push(real, ...linkedDependencies(real, seen));
  }
  return found;
}

/** The package folder of a module the runtime itself loads, resolved through workspace symlinks. */
function packageRoot(name: string): string {
  return dirname(realpathSync(require.resolve(`${name}/package.json`)));
}

/**
 * The command line of one plugin's process under Node's permission model: it reads its own package
 * folder, the runtime's files, the node_modules folders resolution walks through (its own
 * included) and the folders its linked dependencies resolve to, writes only its scratch folder, and may start neither child processes nor workers.
 * Native addons only with the operator's permission. Heap capped at `memoryMb`.
 */
export function launchPlan(pluginDir: string, scratchDir: string, memoryMb: number, permissions: PluginPermissions = {}): LaunchPlan {
  const ownDir = realpathSync(pluginDir);
  const readPaths = [...new Set([
    pluginDir, ownDir, RUNTIME_DIR,
    packageRoot('@ledgersync/sdk'),
    ...nodeModulesAbove(RUNTIME_DIR), ...nodeModulesAbove(ownDir), ...nodeModulesAbove(pluginDir), ...linkedDependencies(ownDir),
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
