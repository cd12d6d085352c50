import { AdapterConfigurationError, PluginContext } from '@ledgersync/sdk';
import { SqlAdapter } from './adapter';
import { connect } from './connect';

/** Plugin entry point: the host calls it on `onAdapter:generic-sql`. */
export function activate(context: PluginContext): void {
  context.subscriptions.push(
    context.registerAdapter('generic-sql', (configuration) => {
      const { url } = configuration as { url?: unknown };
      if (typeof url !== 'string' || url === '') throw new AdapterConfigurationError('url', 'give the database URL (sqlite:… or mysql://…)');
      return new SqlAdapter(connect(url));
    }),
  );
}

export function deactivate(): void {
  // subscriptions are disposed by the host
}
