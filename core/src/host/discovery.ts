import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { LedgersyncError, ManifestInvalidError, PluginPackageJson, validateManifest } from '@ledgersync/sdk';
import { checkEngine } from './engine-check';
import { PluginEngineMismatchError, PluginEngineUnpinnedError } from './errors';

/** A plugin package whose manifest passed every check made before loading code. */
export interface DiscoveredPlugin {
  id: string;
  dir: string;
  manifest: PluginPackageJson;
}

/** A plugin package refused before any of its code ran. */
export interface RefusedCandidate {
  /** The manifest id if readable, else the package name, else the folder name. */
  id: string;
  dir: string;
  version?: string;
  engineRange?: string;
  /** Adapter ids the manifest names, as far as it could be read: so that asking for one says why it is missing. */
  adapters: string[];
  error: LedgersyncError;
}

export interface DiscoveryResult {
  plugins: DiscoveredPlugin[];
  refused: RefusedCandidate[];
}

export interface DiscoverySources {
  /** Folders that are a plugin package, or hold plugin packages one level down. */
  pluginFolders?: string[];
  /** `node_modules` folders: packages (and @scope/packages) whose package.json has a `ledgersync` key. */
  nodeModules?: string[];
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

async function readPackageJson(dir: string): Promise<unknown | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, 'package.json'), 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { __unparsable: true };
  }
}

async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const folders: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if ((entry.isDirectory() || entry.isSymbolicLink()) && (await isDirectory(path))) folders.push(path);
  }
  return folders;
}

async function candidatesIn(sources: DiscoverySources): Promise<Array<{ dir: string; json: unknown }>> {
  const found: Array<{ dir: string; json: unknown }> = [];
  for (const folder of sources.pluginFolders ?? []) {
    const own = await readPackageJson(folder);
    if (own !== undefined) {
      found.push({ dir: folder, json: own });
      continue;
    }
    for (const dir of await subfolders(folder)) {
      const json = await readPackageJson(dir);
      if (json !== undefined) found.push({ dir, json });
    }
  }
  for (const modules of sources.nodeModules ?? []) {
    for (const dir of await subfolders(modules)) {
      const packages = basename(dir).startsWith('@') ? await subfolders(dir) : [dir];
      for (const pkg of packages) {
        const json = await readPackageJson(pkg);
        // node_modules holds every dependency: only packages that declare a ledgersync manifest are plugins.
        if (json && typeof json === 'object' && 'ledgersync' in json) found.push({ dir: pkg, json });
      }
    }
  }
  // A workspace package is both in a plugin folder and linked from node_modules: one plugin, not two.
  const seen = new Set<string>();
  const unique: typeof found = [];
  for (const candidate of found) {
    const real = await realpath(candidate.dir).catch(() => candidate.dir);
    if (!seen.has(real)) unique.push(candidate);
    seen.add(real);
  }
  return unique;
}

function nameOf(json: unknown, dir: string): { id: string; version?: string; engineRange?: string; adapters: string[] } {
  const pkg = (json ?? {}) as {
    name?: unknown;
    version?: unknown;
    engines?: { ledgersync?: unknown };
    ledgersync?: { id?: unknown; contributes?: { adapters?: Array<{ id?: unknown }> } };
  };
  const contributed = Array.isArray(pkg.ledgersync?.contributes?.adapters) ? pkg.ledgersync.contributes.adapters : [];
  const adapters = contributed.map((adapter) => adapter?.id).filter((id): id is string => typeof id === 'string');
  // A manifest id that breaks the id pattern is no name to show; the package name is.
  const manifestId = typeof pkg.ledgersync?.id === 'string' && /^[a-z][a-z0-9-]*$/.test(pkg.ledgersync.id) ? pkg.ledgersync.id : undefined;
  const id = manifestId ?? (typeof pkg.name === 'string' && pkg.name ? pkg.name : basename(dir));
  return {
    id,
    version: typeof pkg.version === 'string' ? pkg.version : undefined,
    engineRange: typeof pkg.engines?.ledgersync === 'string' ? pkg.engines.ledgersync : undefined,
    adapters,
  };
}

/** Validates one candidate's manifest and engine range; reads nothing but package.json. */
function check(dir: string, json: unknown, hostVersion: string): DiscoveredPlugin | RefusedCandidate {
  const named = nameOf(json, dir);
  if ((json as { __unparsable?: boolean }).__unparsable) {
    return { ...named, dir, error: new ManifestInvalidError(named.id, 'package.json', 'is not valid JSON') };
  }
  let manifest: PluginPackageJson;
  try {
    manifest = validateManifest(json, basename(dir));
  } catch (error) {
    return { ...named, dir, error: error as LedgersyncError };
  }
  const id = manifest.ledgersync.id;
  const range = manifest.engines.ledgersync;
  const engine = checkEngine(range, hostVersion);
  if (!engine.ok) {
    const error = engine.problem === 'mismatch' ? new PluginEngineMismatchError(id, range, hostVersion)
      : engine.problem === 'unpinned' ? new PluginEngineUnpinnedError(id, range)
        : new ManifestInvalidError(id, 'engines.ledgersync', `${JSON.stringify(range)} is not a semver range`);
    return { ...named, dir, error };
  }
  return { id, dir, manifest };
}

/**
 * Finds plugin packages and checks each manifest before any plugin code loads. A bad plugin is
 * refused with its reason; the others still load. The first plugin with a given id (or adapter id) wins.
 */
export async function discoverPlugins(sources: DiscoverySources, hostVersion: string): Promise<DiscoveryResult> {
  const result: DiscoveryResult = { plugins: [], refused: [] };
  const adapterOwners = new Map<string, string>();
  for (const { dir, json } of await candidatesIn(sources)) {
    const checked = check(dir, json, hostVersion);
    if ('error' in checked) {
      result.refused.push(checked);
      continue;
    }
    const duplicate = result.plugins.find((plugin) => plugin.id === checked.id);
    const taken = checked.manifest.ledgersync.contributes.adapters.find((adapter) => adapterOwners.has(adapter.id));
    if (duplicate || taken) {
      const detail = duplicate ? `plugin id ${checked.id} is already loaded from ${duplicate.dir}` : `adapter ${taken!.id} is already contributed by ${adapterOwners.get(taken!.id)}`;
      result.refused.push({ id: checked.id, dir, version: checked.manifest.version, engineRange: checked.manifest.engines.ledgersync, adapters: [], error: new ManifestInvalidError(checked.id, duplicate ? 'ledgersync.id' : 'ledgersync.contributes.adapters', detail) });
      continue;
    }
    for (const adapter of checked.manifest.ledgersync.contributes.adapters) adapterOwners.set(adapter.id, checked.id);
    result.plugins.push(checked);
  }
  return result;
}
