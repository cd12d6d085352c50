import { PluginContext } from '@ledgersync/sdk';
import { createErpnextAdapter } from './factory';

/** Plugin entry point: the host calls it on `onAdapter:erpnext`. */
export function activate(context: PluginContext): void {
  context.subscriptions.push(
    context.registerAdapter('erpnext', async (configuration, services) => {
      const adapter = await createErpnextAdapter(configuration, services.clock);
      // never the configuration itself: it holds the password
      services.logger.info('erpnext adapter connected', { host: configuration.host, database: configuration.database });
      return adapter;
    }),
  );
}

export function deactivate(): void {
  // subscriptions are disposed by the host
}
