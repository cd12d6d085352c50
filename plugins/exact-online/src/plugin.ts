import { PluginContext } from '@ledgersync/sdk';
import { createExactOnlineAdapter } from './factory';
import { REFRESH_TOKEN_STORE, RefreshTokenStore } from './http/oauth';

/** Plugin entry point: the host calls it on `onAdapter:exact-online`. */
export function activate(context: PluginContext): void {
  context.subscriptions.push(
    context.registerAdapter('exact-online', (configuration, services) => {
      // The host may offer a store for rotated refresh tokens; without one they live in memory.
      const tokenStore = context.container.isRegistered(REFRESH_TOKEN_STORE, true) ? context.container.resolve<RefreshTokenStore>(REFRESH_TOKEN_STORE) : undefined;
      if (!tokenStore) services.logger.warn('no refresh-token store registered: a rotated Exact Online refresh token is kept in memory only');
      return createExactOnlineAdapter(configuration, services, { tokenStore });
    }),
  );
}

export function deactivate(): void {
  // subscriptions are disposed by the host
}
