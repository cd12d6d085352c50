import { createPluginHost, hostOptionsFromConfig, PluginHost, readConnectorConfig } from '@ledgersync/core';
import { LedgersyncError } from '@ledgersync/sdk';

export class NotCertifiedOnlyError extends LedgersyncError {
  constructor(file: string) {
    super('CONNECTOR_NOT_CERTIFIED_ONLY', `${file}: field plugins.certifiedOnly: a connector build runs in certified-only mode; set it to true`);
  }
}

/**
 * Starts the distribution's plugin host from its connector.json. Refuses a configuration that is
 * not certified-only: a build must not load what the suite did not certify.
 */
export async function startConnector(configFile: string): Promise<PluginHost> {
  const config = readConnectorConfig(configFile);
  if (config.plugins?.certifiedOnly !== true) throw new NotCertifiedOnlyError(configFile);
  return createPluginHost(hostOptionsFromConfig(configFile, config));
}
