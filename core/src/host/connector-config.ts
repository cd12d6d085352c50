import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describeSchemaError, LedgersyncError } from '@ledgersync/sdk';
import type { PluginHostOptions } from './plugin-host';
import { ChainedSecretStore, EnvSecretStore, FileSecretStore, SecretStore } from './secrets';

/** A connection: one adapter pointed at one package installation. */
export interface ConnectionConfig {
  name: string;
  adapter: string;
  /** Checked against the adapter's schema; secret fields hold `secret://<name>` references. */
  configuration: Record<string, unknown>;
}

/** The connector's configuration file (JSON). Paths are relative to the file. */
export interface ConnectorConfig {
  plugins?: {
    folders?: string[];
    nodeModules?: string[];
    certifiedOnly?: boolean;
    /** Files holding trusted Ed25519 public keys (PEM). */
    trustedKeys?: string[];
    allowUnsigned?: string[];
    stateFile?: string;
    limits?: { memoryMb?: number; rssMb?: number; scratchMb?: number; callTimeoutMs?: number; ackTimeoutMs?: number; batchSize?: number; batchesAhead?: number };
    /** What a plugin may do beyond reading its folder and writing its scratch folder, by plugin id. */
    permissions?: Record<string, { nativeAddons?: boolean; readPaths?: string[]; writePaths?: string[] }>;
    /** Where plugins' scratch folders are made. */
    scratchRoot?: string;
  };
  secrets?: { envPrefix?: string; folder?: string };
  connections?: ConnectionConfig[];
}

const strings = { type: 'array', items: { type: 'string', minLength: 1 } };
export const CONNECTOR_CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    plugins: {
      type: 'object',
      additionalProperties: false,
      properties: {
        folders: strings,
        nodeModules: strings,
        certifiedOnly: { type: 'boolean' },
        trustedKeys: strings,
        allowUnsigned: strings,
        stateFile: { type: 'string', minLength: 1 },
        limits: {
          type: 'object',
          additionalProperties: false,
          properties: {
            memoryMb: { type: 'integer', minimum: 16 },
            rssMb: { type: 'integer', minimum: 32 },
            scratchMb: { type: 'integer', minimum: 1 },
            callTimeoutMs: { type: 'integer', minimum: 100 },
            ackTimeoutMs: { type: 'integer', minimum: 100 },
            batchSize: { type: 'integer', minimum: 1 },
            batchesAhead: { type: 'integer', minimum: 1 },
          },
        },
        permissions: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            additionalProperties: false,
            properties: { nativeAddons: { type: 'boolean' }, readPaths: strings, writePaths: strings },
          },
        },
        scratchRoot: { type: 'string', minLength: 1 },
      },
    },
    secrets: { type: 'object', additionalProperties: false, properties: { envPrefix: { type: 'string', minLength: 1 }, folder: { type: 'string', minLength: 1 } } },
    connections: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'adapter', 'configuration'],
        additionalProperties: false,
        properties: { name: { type: 'string', minLength: 1 }, adapter: { type: 'string', minLength: 1 }, configuration: { type: 'object' } },
      },
    },
  },
};

const validate = new Ajv({ strict: false }).compile(CONNECTOR_CONFIG_SCHEMA);

export class ConnectorConfigError extends LedgersyncError {
  constructor(readonly file: string, readonly field: string, detail: string) {
    super('CONNECTOR_CONFIG_INVALID', `${file}: field ${field}: ${detail}`);
  }
}

export function readConnectorConfig(file: string): ConnectorConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConnectorConfigError(file, '(root)', (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'is not valid JSON');
  }
  if (!validate(parsed)) {
    const { field, detail } = describeSchemaError(validate.errors![0]);
    throw new ConnectorConfigError(file, field || '(root)', detail);
  }
  return parsed as ConnectorConfig;
}

/** The secret stores a configuration names: the environment always, a secret folder when given. */
export function secretStoreOf(config: ConnectorConfig, baseDir: string): SecretStore {
  const stores: SecretStore[] = [new EnvSecretStore(config.secrets?.envPrefix)];
  if (config.secrets?.folder) stores.push(new FileSecretStore(resolve(baseDir, config.secrets.folder)));
  return new ChainedSecretStore(stores);
}

/** Host options from a connector configuration file; relative paths are taken from the file's folder. */
export function hostOptionsFromConfig(file: string, config: ConnectorConfig = readConnectorConfig(file)): PluginHostOptions {
  const baseDir = dirname(resolve(file));
  const plugins = config.plugins ?? {};
  const at = (paths?: string[]) => paths?.map((path) => resolve(baseDir, path));
  return {
    pluginFolders: at(plugins.folders),
    nodeModules: at(plugins.nodeModules),
    certifiedOnly: plugins.certifiedOnly,
    trustedKeys: at(plugins.trustedKeys)?.map((path) => readFileSync(path, 'utf8')),
    allowUnsigned: plugins.allowUnsigned,
    stateFile: plugins.stateFile ? resolve(baseDir, plugins.stateFile) : undefined,
    limits: plugins.limits,
    permissions: plugins.permissions && Object.fromEntries(Object.entries(plugins.permissions).map(([id, granted]) => [id, { ...granted, readPaths: at(granted.readPaths), writePaths: at(granted.writePaths) }])),
    scratchRoot: plugins.scratchRoot ? resolve(baseDir, plugins.scratchRoot) : undefined,
    secrets: secretStoreOf(config, baseDir),
  };
}
