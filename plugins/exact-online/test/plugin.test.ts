import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdapterFactory, PluginContext, secretFields, validateManifest } from '@ledgersync/sdk';
import { activate, ExactOnlineAdapter, MemoryRefreshTokenStore, REFRESH_TOKEN_STORE } from '../src';
import { CapturingLogger, services } from './support';

const PACKAGE_JSON = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as unknown;
const CONFIGURATION = { division: 7, clientId: 'app', clientSecret: 'SECRET-client', refreshToken: 'SECRET-refresh' };

/** The parts of a plugin context `activate` uses, with a container that may hold a token store. */
function contextWith(store?: MemoryRefreshTokenStore): { context: PluginContext; factories: Map<string, AdapterFactory> } {
  const factories = new Map<string, AdapterFactory>();
  const container = {
    isRegistered: (token: unknown) => token === REFRESH_TOKEN_STORE && store !== undefined,
    resolve: (token: unknown) => {
      if (token !== REFRESH_TOKEN_STORE || !store) throw new Error('not registered');
      return store;
    },
  };
  const context = {
    pluginId: 'exact-online',
    subscriptions: [],
    logger: new CapturingLogger(),
    container,
    registerAdapter: (id: string, factory: AdapterFactory) => {
      factories.set(id, factory);
      return { dispose: () => factories.delete(id) };
    },
  } as unknown as PluginContext;
  return { context, factories };
}

describe('exact-online: plugin', () => {
  it('has a valid manifest whose secrets are the client secret and the refresh token', () => {
    const manifest = validateManifest(PACKAGE_JSON, 'exact-online');
    expect(manifest.ledgersync.activationEvents).to.deep.equal(['onAdapter:exact-online']);
    const adapter = manifest.ledgersync.contributes.adapters[0];
    expect(adapter.id).to.equal('exact-online');
    expect(secretFields(adapter.configuration).sort()).to.deep.equal(['clientSecret', 'refreshToken']);
  });

  it('registers the exact-online adapter on activation, with the host’s token store when there is one', async () => {
    const { context, factories } = contextWith(new MemoryRefreshTokenStore());
    activate(context);
    expect([...factories.keys()]).to.deep.equal(['exact-online']);
    const logger = new CapturingLogger();
    const adapter = await factories.get('exact-online')!(CONFIGURATION, { ...services(undefined, logger), sql: { create: () => { throw new Error('no SQL'); } } });
    expect(adapter).to.be.instanceOf(ExactOnlineAdapter);
    expect((await adapter.capabilities()).deletedSince).to.deep.equal(['counterparty']);
    expect(logger.lines.join('\n')).to.not.include('no refresh-token store');
  });

  it('warns when no token store is registered: a rotated refresh token would live in memory only', async () => {
    const { context, factories } = contextWith();
    activate(context);
    const logger = new CapturingLogger();
    await factories.get('exact-online')!(CONFIGURATION, { ...services(undefined, logger), sql: { create: () => { throw new Error('no SQL'); } } });
    expect(logger.lines.join('\n')).to.include('no refresh-token store');
    expect(logger.lines.join('\n')).to.not.include('SECRET');
  });
});
