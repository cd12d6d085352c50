import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AdapterConfigurationError, AdapterConnectionError, AdapterFactory, AdapterServices, Disposable, PluginContext, secretFields, validateManifest,
} from '@ledgersync/sdk';
import { activate, BcTable, BusinessCentralAdapter, connectionOptions, parseConfiguration } from '../src';
import { silentLogger } from './helpers';
import { Answer, scriptedSqlServer } from './scripted-sql-server';

const PACKAGE = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
const CONFIG = { server: 'sql01', database: 'BC230', user: 'ledgersync', password: 'Sup3r$ecret', company: 'CRONUS' };
const silent = silentLogger;

function activated(): AdapterFactory {
  const factories = new Map<string, AdapterFactory>();
  const context = {
    pluginId: 'business-central',
    subscriptions: [] as Disposable[],
    logger: silent,
    registerAdapter(id: string, factory: AdapterFactory): Disposable {
      factories.set(id, factory);
      return { dispose: () => void factories.delete(id) };
    },
  } as unknown as PluginContext;
  activate(context);
  expect(context.subscriptions).to.have.length(1);
  return factories.get('business-central')!;
}

function services(answer: Answer, created: Record<string, unknown>[] = []): AdapterServices {
  return {
    logger: silent,
    clock: { now: () => new Date() },
    http: { fetch: () => Promise.reject(new Error('no HTTP here')) },
    sql: { create: <T>(options: { connection: Record<string, unknown> }) => (created.push(options.connection), scriptedSqlServer(answer).db as unknown as T) },
  };
}

describe('business-central: the plugin', () => {
  it('has a valid manifest: activation on its adapter, the password marked secret', () => {
    const manifest = validateManifest(PACKAGE);
    expect(manifest.ledgersync.id).to.equal('business-central');
    expect(manifest.ledgersync.activationEvents).to.deep.equal(['onAdapter:business-central']);
    expect(manifest.engines.ledgersync).to.equal('^1.0.0');
    const [adapter] = manifest.ledgersync.contributes.adapters;
    expect(secretFields(adapter.configuration)).to.deep.equal(['password']);
    expect(Object.keys((adapter.configuration as { properties: object }).properties)).to.include.members(['server', 'port', 'database', 'user', 'password', 'company', 'appIdSuffix', 'encrypt', 'trustServerCertificate']);
  });

  it('activates, and its factory connects through the host, learning which tables are change-tracked', async () => {
    const created: Record<string, unknown>[] = [];
    const factory = activated();
    const adapter = (await factory({ ...CONFIG, trustServerCertificate: true }, services(() => [{ name: `CRONUS$${BcTable.glAccount}` }], created))) as BusinessCentralAdapter;
    expect(adapter.capabilities().deletedSince).to.deep.equal(['account']);
    expect(created[0]).to.deep.include({ server: 'sql01', port: 1433, database: 'BC230', user: 'ledgersync' });
    expect(created[0].options).to.deep.include({ encrypt: true, trustServerCertificate: true, useUTC: true });
    await adapter.close();
  });

  it('refuses a bad configuration before connecting, and reports a failed connection without the password', async () => {
    const factory = activated();
    const created: Record<string, unknown>[] = [];
    const error = await Promise.resolve(factory({ ...CONFIG, company: 'CRONUS\u0000; --' }, services(() => [], created))).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(AdapterConfigurationError);
    expect(created).to.have.length(0);
    const failing = services(() => {
      throw new Error("Login failed for user 'ledgersync'.");
    });
    const connection = await Promise.resolve(factory(CONFIG, failing)).then(() => undefined, (e: unknown) => e);
    expect(connection).to.be.instanceOf(AdapterConnectionError);
    expect((connection as Error).message).to.contain('Login failed');
    expect((connection as Error).message).not.to.contain('Sup3r$ecret');
  });

  it('passes the timeout and TLS options tedious reads', () => {
    const options = connectionOptions(parseConfiguration({ ...CONFIG, port: 14330, encrypt: false }));
    expect(options).to.deep.include({ port: 14330, requestTimeout: 600000 });
    expect(options.options).to.deep.equal({ encrypt: false, trustServerCertificate: false, useUTC: true });
  });
});
