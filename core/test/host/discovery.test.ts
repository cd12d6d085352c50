import { expect } from 'chai';
import { checkEngine, createPluginHost, PluginHost } from '../../src/host';
import { failure, fixture, FIXTURE_PLUGINS, loadLog, RecordingLogger } from './helpers';

describe('plugin host: discovery and checks before loading', () => {
  let host: PluginHost;
  let loaded: () => string[];
  const logger = new RecordingLogger();

  before(async () => {
    loaded = loadLog();
    host = await createPluginHost({ pluginFolders: [FIXTURE_PLUGINS], hostVersion: '1.4.0', logger });
  });
  after(() => host.close());

  const info = (id: string) => host.list().find((plugin) => plugin.id === id)!;

  it('refuses an invalid manifest, naming the plugin and the field', () => {
    const bad = info('@fixtures/bad-manifest');
    expect(bad.status).to.equal('refused');
    expect(bad.reason).to.equal('PLUGIN_MANIFEST_INVALID: @fixtures/bad-manifest: field ledgersync.id: must match pattern "^[a-z][a-z0-9-]*$"');
  });

  it('refuses an engine range the host does not satisfy', async () => {
    expect(info('engine-two')).to.include({ status: 'refused', reason: 'PLUGIN_ENGINE_MISMATCH: engine-two requires ledgersync ^2.0.0, host is 1.4.0', engineRange: '^2.0.0' });
    const asked = await failure(host.adapter('engine-two', {}));
    expect(asked.message).to.equal('PLUGIN_REFUSED: engine-two is refused: PLUGIN_ENGINE_MISMATCH: engine-two requires ledgersync ^2.0.0, host is 1.4.0');
    expect((await failure(host.adapter('nobody-has-this', {}))).code).to.equal('PLUGIN_ADAPTER_UNKNOWN');
  });

  it('refuses an engine range that does not pin the major', () => {
    expect(info('engine-star').status).to.equal('refused');
    expect(info('engine-star').reason).to.match(/^PLUGIN_ENGINE_UNPINNED: engine-star: field engines.ledgersync: "\*" does not pin a major version/);
    for (const range of ['*', '>=1', '>=1.0.0 <3', 'x']) expect(checkEngine(range, '1.4.0'), range).to.deep.equal({ ok: false, problem: 'unpinned' });
    for (const range of ['^1.0.0', '1.x', '~1.4.0', '>=1.2 <2']) expect(checkEngine(range, '1.4.0'), range).to.deep.equal({ ok: true });
    expect(checkEngine('^1.5.0', '1.4.0')).to.deep.equal({ ok: false, problem: 'mismatch' });
  });

  it('logs each refusal and still loads the other plugins', () => {
    expect(logger.lines.filter((line) => line.message === 'plugin refused').map((line) => line.fields?.plugin)).to.include.members(['engine-two', 'engine-star', '@fixtures/bad-manifest']);
    expect(info('echo')).to.include({ status: 'loaded', version: '1.2.3', engineRange: '^1.0.0', crashes: 0 });
    expect(info('echo').adapters).to.deep.equal(['echo']);
  });

  it('loads no plugin code before its activation event, and none in the host process', async () => {
    expect(loaded()).to.deep.equal([]);
    const adapter = await host.adapter('other', {});
    expect(loaded()).to.deep.equal(['loaded other', 'activated other']);
    expect(info('other').status).to.equal('active');
    expect(info('other').activationMs).to.be.a('number').and.greaterThan(0);
    expect(Object.keys(require.cache).some((path) => path.startsWith(FIXTURE_PLUGINS))).to.equal(false);
    expect(await adapter.probe!('d1')).to.equal('other-probe');
    await new Promise((resolve) => setTimeout(resolve, 50)); // the worker's stdout is piped asynchronously
    expect(logger.lines).to.deep.include({ level: 'info', message: 'probing the other source', fields: { stream: 'stdout', plugin: 'other' } });
    expect(logger.lines).to.deep.include({
      level: 'info',
      message: 'host services resolved from the plugin container',
      fields: { clockWorks: true, ownContainer: true, globalHasOwnRegistration: false, plugin: 'other' },
    });
    await adapter.close();
  });

  it('finds plugins in node_modules by their ledgersync manifest', async () => {
    // The example is a workspace package: found in its folder and through its node_modules link, it is one plugin.
    const modules = await createPluginHost({ pluginFolders: [fixture('../../../../examples/recorded-ledger-adapter')], nodeModules: [fixture('../../../../node_modules')], logger: new RecordingLogger() });
    const found = modules.list().filter((plugin) => plugin.id === 'recorded-ledger');
    expect(found.map((plugin) => plugin.status)).to.deep.equal(['loaded']);
    expect(modules.list().map((plugin) => plugin.id)).to.not.include('tsyringe');
    await modules.close();
  });
});
