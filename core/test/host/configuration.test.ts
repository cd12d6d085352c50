import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChainedSecretStore, createPluginHost, EnvSecretStore, FileSecretStore, MemorySecretStore, PluginConfigInvalidError, PluginHost,
} from '../../src/host';
import { collect, failure, FIXTURE_PLUGINS, loadLog, RecordingLogger } from './helpers';

const PASSWORD = 'hunter2-very-secret';

describe('plugin host: configuration and secrets', () => {
  let host: PluginHost;
  let loaded: () => string[];
  const logger = new RecordingLogger();

  before(async () => {
    loaded = loadLog();
    process.env.LEDGERSYNC_SECRET_HOST_ONLY = 'the env store reads it; plugins must not';
    host = await createPluginHost({
      pluginFolders: [FIXTURE_PLUGINS],
      logger,
      secrets: new MemorySecretStore({ 'echo-password': PASSWORD, short: 'abc', 'thrower-token': 'tok-3141592' }),
    });
  });
  after(async () => {
    delete process.env.LEDGERSYNC_SECRET_HOST_ONLY;
    await host.close();
  });

  it('names the field of a configuration error, before loading any plugin code', async () => {
    const missing = await failure(host.adapter('echo', { count: 2 }));
    expect(missing).to.be.instanceOf(PluginConfigInvalidError);
    expect(missing.message).to.equal('PLUGIN_CONFIG_INVALID: echo, field password: is required');
    expect((await failure(host.adapter('echo', { password: 'secret://echo-password', count: -1 }))).message).to.equal('PLUGIN_CONFIG_INVALID: echo, field count: must be >= 0');
    expect((await failure(host.adapter('echo', { password: 'secret://echo-password', colour: 'red' }))).message).to.equal('PLUGIN_CONFIG_INVALID: echo, field colour: is not a field of the model');
    expect(loaded()).to.deep.equal([]);
  });

  it('takes secrets only as references, and names the field, never the value', async () => {
    const inline = await failure(host.adapter('echo', { password: PASSWORD }));
    expect(inline.message).to.equal('PLUGIN_CONFIG_INVALID: echo, field password: is a secret: give a reference secret://<name>, not the value');
    const unknown = await failure(host.adapter('echo', { password: 'secret://nope' }));
    expect(unknown.message).to.equal('PLUGIN_SECRET_UNRESOLVED: echo, field password: secret://nope is not in the in-memory secret store');
    const short = await failure(host.adapter('echo', { password: 'secret://short' }));
    expect(short.message).to.equal('PLUGIN_CONFIG_INVALID: echo, field password: must NOT have fewer than 4 characters');
    expect(short.message).to.not.contain('abc');
  });

  it('hands the resolved secret to the plugin, redacts it from its logs, and hides the env secret store from plugins', async () => {
    const echo = await host.adapter('echo', { password: 'secret://echo-password' });
    expect(await collect(echo.read('d1', 'account'))).to.have.length(3); // default count filled in from the schema
    const line = logger.lines.find((entry) => entry.message.startsWith('connecting with password'));
    expect(line).to.deep.equal({ level: 'info', message: 'connecting with password ***', fields: { password: '***', count: 3, secretEnv: [], plugin: 'echo' } });
    expect(logger.text()).to.not.contain(PASSWORD);
  });

  it('redacts secrets from the errors a plugin raises, and from the crash an uncaught exception causes', async () => {
    const thrower = await host.adapter('thrower', { token: 'secret://thrower-token' });
    const error = await failure(thrower.probe!('d1'));
    expect(error.message).to.equal('PLUGIN_CALL_FAILED: thrower: probe failed: login refused for token ***');
    const crash = await failure(collect(thrower.keys!('d1', 'account')));
    expect(crash.message).to.equal('PLUGIN_CRASHED: thrower crashed during keys: uncaught exception (background refresh failed for token ***)');
    expect(logger.text()).to.not.contain('tok-3141592');
  });

  it('scrubs the values the operator resolved itself (a nested {env}/{file} of the connector service), not only the schema’s secret fields', async () => {
    const nested = 'nested-pa55-2718';
    const scrubbing = await createPluginHost({ pluginFolders: [FIXTURE_PLUGINS], logger, secrets: new MemorySecretStore({}), scrub: [nested] });
    try {
      const thrower = await scrubbing.adapter('thrower', { auth: { password: nested } });
      const error = await failure(thrower.probe!('d1'));
      expect(error.message).to.equal('PLUGIN_CALL_FAILED: thrower: probe failed: login refused for token ***');
      expect(logger.text()).to.not.contain(nested);
    } finally {
      await scrubbing.close();
    }
  });

  it('shows configurations with secret fields as ***', () => {
    expect(host.redactedConfiguration('echo', { password: 'secret://echo-password', count: 2 })).to.deep.equal({ password: '***', count: 2 });
  });

  it('resolves references from the environment and from a secret folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ls-secrets-'));
    writeFileSync(join(dir, 'office-a.token'), 'from-file\n');
    const env = { LEDGERSYNC_SECRET_OFFICE_B_TOKEN: 'from-env' };
    const store = new ChainedSecretStore([new EnvSecretStore('LEDGERSYNC_SECRET_', env), new FileSecretStore(dir)]);
    expect(await store.get('office-a.token')).to.equal('from-file');
    expect(await store.get('office-b.token')).to.equal('from-env');
    expect(await store.get('office-c.token')).to.equal(undefined);
    expect(store.description).to.equal('environment (LEDGERSYNC_SECRET_*) or secret folder ' + dir);
  });
});
