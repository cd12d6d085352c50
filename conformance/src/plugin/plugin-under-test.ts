import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AdapterContribution, AdapterFactory, LedgersyncError, PluginPackageJson, secretFields, validateManifest } from '@ledgersync/sdk';
import { ConformanceConfig, PluginSpec } from '../suite/types';

/** What the suite knows about the plugin before running any of its code. */
export interface PluginUnderTest {
  id: string;
  version: string;
  adapterId: string;
  dir?: string;
  manifest?: PluginPackageJson;
  /** The manifest failed validation: the manifest check reports this. */
  manifestError?: string;
  configurationSchema?: Record<string, unknown>;
  secretFields: string[];
  config: ConformanceConfig;
  factory?: AdapterFactory;
}

export class PluginSpecError extends LedgersyncError {
  constructor(detail: string) {
    super('CONFORMANCE_PLUGIN_INVALID', detail);
  }
}

/** Reads the plugin's package.json, manifest and conformance configuration (no plugin code runs). */
export function describePlugin(spec: PluginSpec): PluginUnderTest {
  if (!spec.dir) {
    if (!spec.factory) throw new PluginSpecError('give a plugin folder or an adapter factory');
    return { id: spec.adapterId ?? 'adapter', version: '0.0.0', adapterId: spec.adapterId ?? 'adapter', secretFields: [], config: spec.config ?? {}, factory: spec.factory };
  }
  const dir = resolve(spec.dir);
  const packagePath = join(dir, 'package.json');
  if (!existsSync(packagePath)) throw new PluginSpecError(`${dir} has no package.json: not a plugin folder`);
  const packageJson = JSON.parse(readFileSync(packagePath, 'utf8')) as PluginPackageJson & { conformance?: ConformanceConfig };
  const config = spec.config ?? readConformanceConfig(dir, packageJson);
  let manifest: PluginPackageJson | undefined;
  let manifestError: string | undefined;
  try {
    manifest = validateManifest(packageJson, dir);
  } catch (error) {
    manifestError = (error as Error).message;
  }
  const adapters: AdapterContribution[] = manifest?.ledgersync.contributes.adapters ?? packageJson.ledgersync?.contributes?.adapters ?? [];
  const wanted = spec.adapterId ?? config.adapter;
  const contribution = wanted ? adapters.find((a) => a.id === wanted) : adapters[0];
  if (wanted && !contribution) throw new PluginSpecError(`${packageJson.name}: contributes no adapter ${wanted}`);
  if (!wanted && adapters.length > 1) throw new PluginSpecError(`${packageJson.name} contributes ${adapters.length} adapters: name one (conformance.adapter or --adapter)`);
  const schema = contribution?.configuration;
  return {
    id: packageJson.ledgersync?.id ?? packageJson.name,
    version: packageJson.version,
    adapterId: contribution?.id ?? wanted ?? 'adapter',
    dir,
    manifest,
    manifestError,
    configurationSchema: schema,
    secretFields: schema ? secretFields(schema) : [],
    config,
    factory: spec.factory,
  };
}

function readConformanceConfig(dir: string, packageJson: { conformance?: ConformanceConfig }): ConformanceConfig {
  const file = join(dir, 'conformance.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as ConformanceConfig;
  return packageJson.conformance ?? {};
}
