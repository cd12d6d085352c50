import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ServiceConfigError } from './errors';

/** A secret named, never written, in a configuration file: an environment variable or a file. */
export type SecretReference = { env: string } | { file: string };

export const SECRET_REFERENCE_SCHEMA = {
  oneOf: [
    { type: 'object', required: ['env'], additionalProperties: false, properties: { env: { type: 'string', minLength: 1 } } },
    { type: 'object', required: ['file'], additionalProperties: false, properties: { file: { type: 'string', minLength: 1 } } },
  ],
};

export function isSecretReference(value: unknown): value is SecretReference {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'env' || keys[0] === 'file') && typeof (value as Record<string, unknown>)[keys[0]] === 'string';
}

/**
 * The value a reference names. A missing variable or file is a configuration error naming the
 * configuration file, the field and where it looked, never the value.
 */
export function resolveReference(reference: SecretReference, configFile: string, field: string, baseDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if ('env' in reference) {
    const value = env[reference.env];
    if (value === undefined || value === '') throw new ServiceConfigError(configFile, field, `environment variable ${reference.env} is not set`);
    return value;
  }
  const path = resolve(baseDir, reference.file);
  try {
    // a trailing newline is what editors and `echo` leave, not part of the secret
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new ServiceConfigError(configFile, field, `cannot read secret file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
