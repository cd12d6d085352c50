import Ajv from 'ajv';
import { AdapterConfigurationError, describeSchemaError } from '@ledgersync/sdk';

/**
 * Checks a configuration against the adapter's schema as the host does before calling the factory;
 * the error names the field, never its value.
 */
export function validateConfiguration(schema: Record<string, unknown>, configuration: Record<string, unknown>): void {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  if (validate(configuration)) return;
  const { field, detail } = describeSchemaError(validate.errors![0]);
  throw new AdapterConfigurationError(field || '(root)', detail);
}

/** Checks that a configuration schema compiles at all (the manifest check). */
export function compileConfigurationSchema(schema: Record<string, unknown>): string | undefined {
  try {
    new Ajv({ strict: false }).compile(schema);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
