import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describeSchemaError } from '@ledgersync/sdk';
import { DatabaseConfig, parseDatabaseUrl } from '../database';
import { ChainedSecretStore, MemorySecretStore, PluginHostOptions } from '../host';
import { CONNECTOR_CONFIG_SCHEMA, ConnectorConfig, hostOptionsFromConfig } from '../host/connector-config';
import { HostConnection } from '../orchestration/host-adapters';
import { ServiceConfigError } from './errors';
import { isSecretReference, resolveReference, SECRET_REFERENCE_SCHEMA, SecretReference } from './references';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** `connector.json`: the host's configuration (plugins, secrets, connections) plus what the service needs. */
export interface ServiceConfigFile extends ConnectorConfig {
  connectorId: string;
  platform: { url: string; credential: SecretReference };
  /** `folder`: status file and default SQLite state (default `./state`); `database`: a URL, or a reference to one holding a password. */
  state?: { folder?: string; database?: string | SecretReference };
  pollIntervalMs?: number;
  heartbeatMs?: number;
  pageSize?: number;
  log?: { level?: LogLevel };
}

/** The configuration, checked, paths resolved from the file's folder, references resolved. */
export interface ServiceConfig {
  file: string;
  connectorId: string;
  platformUrl: string;
  /** A secret: goes to the platform client only. */
  credential: string;
  stateFolder: string;
  stateDatabase: DatabaseConfig;
  pollIntervalMs: number;
  heartbeatMs?: number;
  pageSize?: number;
  logLevel: LogLevel;
  host: PluginHostOptions;
  connections: HostConnection[];
  /** Every resolved secret, so that the logger can scrub them from anything it is asked to write. */
  secretValues: string[];
}

const base = CONNECTOR_CONFIG_SCHEMA as { properties: Record<string, unknown> & { connections: { items: Record<string, unknown> } } };
const SERVICE_CONFIG_SCHEMA = {
  ...CONNECTOR_CONFIG_SCHEMA,
  required: ['connectorId', 'platform', 'connections'],
  properties: {
    ...base.properties,
    connectorId: { type: 'string', pattern: '^[\\w.-]{1,64}$' },
    platform: {
      type: 'object',
      required: ['url', 'credential'],
      additionalProperties: false,
      properties: { url: { type: 'string', pattern: '^https?://' }, credential: SECRET_REFERENCE_SCHEMA },
    },
    state: {
      type: 'object',
      additionalProperties: false,
      properties: { folder: { type: 'string', minLength: 1 }, database: { oneOf: [{ type: 'string', minLength: 1 }, SECRET_REFERENCE_SCHEMA] } },
    },
    pollIntervalMs: { type: 'integer', minimum: 100 },
    heartbeatMs: { type: 'integer', minimum: 100 },
    pageSize: { type: 'integer', minimum: 1 },
    log: { type: 'object', additionalProperties: false, properties: { level: { enum: [...LOG_LEVELS] } } },
    connections: { ...base.properties.connections, minItems: 1 },
  },
};

const validate = new Ajv({ strict: false }).compile(SERVICE_CONFIG_SCHEMA);

/** The state folder a configuration names, without resolving its secrets (`connector status` needs no secret). */
export function stateFolderOf(path: string): string {
  const { baseDir, config } = checkedFile(path);
  return resolve(baseDir, config.state?.folder ?? 'state');
}

/** Reads and checks `file`, and resolves its references; every error names the file and the field. */
export function readServiceConfig(path: string, env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const { file, baseDir, config } = checkedFile(path);
  const secretValues: string[] = [];
  const secret = (reference: SecretReference, field: string) => {
    const value = resolveReference(reference, file, field, baseDir, env);
    secretValues.push(value);
    return value;
  };
  const credential = secret(config.platform.credential, 'platform.credential');
  const stateFolder = resolve(baseDir, config.state?.folder ?? 'state');
  const database = config.state?.database;
  const stateUrl = database === undefined ? `sqlite:${join(stateFolder, 'connector-state.db')}` : typeof database === 'string' ? database : secret(database, 'state.database');
  let stateDatabase: DatabaseConfig;
  try {
    stateDatabase = parseDatabaseUrl(stateUrl);
  } catch (error) {
    throw new ServiceConfigError(file, 'state.database', (error as Error).message);
  }
  if (stateDatabase.client === 'sqlite' && stateDatabase.filename !== ':memory:') stateDatabase = { client: 'sqlite', filename: resolve(baseDir, stateDatabase.filename) };

  // a reference in a connection's configuration becomes a `secret://` reference the host resolves, so
  // the host knows the value is a secret and scrubs it from whatever the plugin says
  const named: Record<string, string> = {};
  const connections = (config.connections ?? []).map((connection, index) => {
    const configuration: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(connection.configuration)) {
      if (!isSecretReference(value)) {
        // a reference deeper down (an auth block, a list of hosts) is resolved here: the host only
        // resolves its schema's top-level secret fields; the value joins secretValues, which the logger scrubs
        configuration[key] = resolveNested(value, `connections[${index}].configuration.${key}`, secret);
        continue;
      }
      const name = `connection-${index}.${key}`.replace(/[^A-Za-z0-9._-]/g, '_');
      named[name] = secret(value, `connections[${index}].configuration.${key}`);
      configuration[key] = `secret://${name}`;
    }
    return { adapterId: connection.adapter, configuration };
  });
  const host = hostOptionsFromConfig(file, config);
  host.secrets = new ChainedSecretStore([new MemorySecretStore(named), host.secrets!]);
  // nested references reach the plugin as values: the host must know them to scrub what the plugin says
  host.scrub = [...secretValues];
  return {
    file,
    connectorId: config.connectorId,
    platformUrl: config.platform.url,
    credential,
    stateFolder,
    stateDatabase,
    pollIntervalMs: config.pollIntervalMs ?? 10 * 60_000,
    heartbeatMs: config.heartbeatMs,
    pageSize: config.pageSize,
    logLevel: config.log?.level ?? 'info',
    host,
    connections,
    secretValues,
  };
}

function checkedFile(path: string): { file: string; baseDir: string; config: ServiceConfigFile } {
  const file = resolve(path);
  const baseDir = dirname(file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ServiceConfigError(file, '(root)', (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'is not valid JSON');
  }
  if (!validate(parsed)) {
    const { field, detail } = describeSchemaError(validate.errors![0]);
    throw new ServiceConfigError(file, field || '(root)', detail);
  }
  return { file, baseDir, config: parsed as unknown as ServiceConfigFile };
}

/** `value` with every `{env}`/`{file}` reference inside it (objects and arrays, at any depth) resolved. */
function resolveNested(value: unknown, field: string, secret: (reference: SecretReference, field: string) => string): unknown {
  if (isSecretReference(value)) return secret(value, field);
  if (Array.isArray(value)) return value.map((item, i) => resolveNested(item, `${field}[${i}]`, secret));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveNested(item, `${field}.${key}`, secret)]));
  return value;
}
