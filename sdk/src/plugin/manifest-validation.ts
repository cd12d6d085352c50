import Ajv, { ValidateFunction } from 'ajv';
import { LedgersyncError } from '../errors';
import { describeSchemaError } from '../model/schemas';
import { PluginPackageJson } from './manifest';
import manifestSchema from './manifest.schema.json';

/** The JSON Schema of a plugin's package.json manifest. */
export const PLUGIN_MANIFEST_SCHEMA = manifestSchema;

/** A package.json that is not a valid ledgersync plugin manifest; names the plugin and the field. */
export class ManifestInvalidError extends LedgersyncError {
  constructor(readonly plugin: string, readonly field: string, detail: string) {
    super('PLUGIN_MANIFEST_INVALID', `${plugin}: field ${field}: ${detail}`);
  }
}

let validator: ValidateFunction | undefined;

/** Checks a parsed package.json against the manifest schema; throws the first problem, naming its field. */
export function validateManifest(packageJson: unknown, where = 'plugin'): PluginPackageJson {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(manifestSchema);
  const name = (packageJson as { name?: unknown } | null)?.name;
  const plugin = typeof name === 'string' && name ? name : where;
  if (!validator(packageJson)) {
    const first = validator.errors![0];
    const { field, detail } = describeSchemaError(first);
    throw new ManifestInvalidError(plugin, field || '(root)', detail);
  }
  const manifest = packageJson as PluginPackageJson;
  const ids = manifest.ledgersync.contributes.adapters.map((a) => a.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw new ManifestInvalidError(plugin, 'ledgersync.contributes.adapters', `adapter id ${duplicate} appears twice`);
  return manifest;
}

/** Names of the configuration properties marked `"secret": true` (top level). */
export function secretFields(configurationSchema: Record<string, unknown>): string[] {
  const properties = (configurationSchema.properties ?? {}) as Record<string, { secret?: unknown }>;
  return Object.keys(properties).filter((key) => properties[key]?.secret === true);
}
