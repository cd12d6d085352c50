/** The plugin host: discovery, checks, lazy activation, isolation in contained child processes, crash tracking. */
export { createPluginHost, DEFAULT_LIMITS, PluginHost } from './plugin-host';
export type { PluginHostOptions, PluginInfo, PluginStatus } from './plugin-host';
export type { RuntimeLimits } from './plugin-runtime';
export type { PluginPermissions } from './plugin-process/launch';
export type { CrashPolicy } from './crash-tracker';
export * from './errors';
export { ChainedSecretStore, EnvSecretStore, FileSecretStore, MemorySecretStore, secretReferenceName } from './secrets';
export type { SecretStore } from './secrets';
export { REDACTED } from './redaction';
export { checkEngine } from './engine-check';
export { ConnectorConfigError, hostOptionsFromConfig, readConnectorConfig, secretStoreOf } from './connector-config';
export type { ConnectionConfig, ConnectorConfig } from './connector-config';
