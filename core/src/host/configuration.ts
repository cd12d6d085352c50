import Ajv, { ValidateFunction } from 'ajv';
import { AdapterContribution, describeSchemaError, ManifestInvalidError, secretFields } from '@ledgersync/sdk';
import { PluginConfigInvalidError, PluginSecretUnresolvedError } from './errors';
import { SecretStore, secretReferenceName } from './secrets';

/** A connection's configuration, checked and with its secrets resolved: goes to the plugin, never to a log. */
export interface ResolvedConfiguration {
  values: Record<string, unknown>;
  /** The resolved secret values, so that the host can scrub them from whatever the plugin says. */
  secretValues: string[];
}

// Not strict: third-party schemas may carry annotations we do not know. `secret` is ours.
const ajv = new Ajv({ allErrors: false, useDefaults: true, strict: false });
ajv.addKeyword({ keyword: 'secret', schemaType: 'boolean' });
const compiled = new WeakMap<object, ValidateFunction>();

function validatorOf(pluginId: string, contribution: AdapterContribution): ValidateFunction {
  let validate = compiled.get(contribution.configuration);
  if (!validate) {
    try {
      validate = ajv.compile(contribution.configuration);
    } catch (error) {
      throw new ManifestInvalidError(pluginId, `ledgersync.contributes.adapters(${contribution.id}).configuration`, (error as Error).message);
    }
    compiled.set(contribution.configuration, validate);
  }
  return validate;
}

/**
 * Checks a connection's configuration against the adapter's schema (ajv; defaults filled in) and
 * resolves secret fields, which must hold references (`secret://<name>`), never values: a
 * configuration file then never holds a password. Errors name the field, never its value.
 */
export async function resolveConfiguration(
  pluginId: string,
  contribution: AdapterContribution,
  configuration: Readonly<Record<string, unknown>>,
  secrets: SecretStore,
): Promise<ResolvedConfiguration> {
  const values: Record<string, unknown> = structuredClone({ ...configuration });
  const secretValues: string[] = [];
  for (const field of secretFields(contribution.configuration)) {
    if (values[field] === undefined) continue;
    const name = secretReferenceName(values[field]);
    if (!name) throw new PluginConfigInvalidError(pluginId, contribution.id, field, 'is a secret: give a reference secret://<name>, not the value');
    const value = await secrets.get(name);
    if (value === undefined) throw new PluginSecretUnresolvedError(pluginId, contribution.id, field, `secret://${name}`, secrets.description);
    values[field] = value;
    secretValues.push(value);
  }
  const validate = validatorOf(pluginId, contribution);
  if (!validate(values)) {
    const { field, detail } = describeSchemaError(validate.errors![0]);
    throw new PluginConfigInvalidError(pluginId, contribution.id, field || '(root)', detail);
  }
  return { values, secretValues };
}
