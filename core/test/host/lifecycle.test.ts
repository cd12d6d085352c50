import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPluginHost, PluginHost, PluginQuarantinedError, PluginRefusedError } from '../../src/host';
import { collect, failure, FIXTURE_PLUGINS, loadLog, ManualClock, RecordingLogger } from './helpers';

describe('plugin host: activation, deactivation, crash tracker', function () {
  this.timeout(20_000);

  it('gives deactivate() its budget, then disposes the subscriptions itself', async () => {
    const loaded = loadLog();
    const host = await createPluginHost({ pluginFolders: [FIXTURE_PLUGINS], logger: new RecordingLogger(), limits: { deactivateTimeoutMs: 300 } });
    const activationMs = await host.activate('slow-deactivate');
    expect(activationMs).to.be.greaterThan(0);
    const started = Date.now();
    await host.close();
    expect(Date.now() - started).to.be.within(250, 3000);
    expect(loaded()).to.deep.equal(['loaded slow-deactivate', 'activated slow-deactivate', 'deactivating slow-deactivate', 'disposed slow-deactivate']);
    expect(host.list().find((plugin) => plugin.id === 'slow-deactivate')!.status).to.equal('loaded');
    expect((await failure(host.activate('slow-deactivate'))).code).to.equal('PLUGIN_HOST_CLOSED'); // a closed host starts nothing
  });

  it('refuses a plugin that registers into the global container (@singleton)', async () => {
    loadLog();
    const logger = new RecordingLogger();
    const host = await createPluginHost({ pluginFolders: [FIXTURE_PLUGINS], logger });
    const error = await failure(host.adapter('leaky', {}));
    expect(error).to.be.instanceOf(PluginRefusedError);
    expect(error.message).to.equal("PLUGIN_REFUSED: leaky is refused: leaky registered SharedCache into tsyringe's global container (@singleton or container.register); register into context.container instead");
    expect(host.list().find((plugin) => plugin.id === 'leaky')).to.include({ status: 'refused' });
    expect((await failure(host.adapter('leaky', {}))).code).to.equal('PLUGIN_REFUSED');
    await host.close();
  });

  it('restarts a crashed plugin, quarantines it after 3 crashes in 5 minutes, until re-enabled', async () => {
    loadLog();
    const clock = new ManualClock();
    const logger = new RecordingLogger();
    const host = await createPluginHost({ pluginFolders: [FIXTURE_PLUGINS], logger, clock });
    const exiter = await host.adapter('exiter', {});
    const other = await host.adapter('other', {});

    expect((await failure(exiter.probe!('d1'))).code).to.equal('PLUGIN_CRASHED');
    clock.advance(6 * 60 * 1000); // the first crash leaves the window
    expect((await failure(exiter.probe!('d1'))).code).to.equal('PLUGIN_CRASHED');
    clock.advance(60 * 1000);
    expect((await failure(exiter.probe!('d1'))).code).to.equal('PLUGIN_CRASHED');
    expect(host.list().find((plugin) => plugin.id === 'exiter')).to.include({ status: 'loaded', crashes: 3 }); // restarts on next use

    clock.advance(60 * 1000);
    expect((await failure(exiter.probe!('d1'))).code).to.equal('PLUGIN_CRASHED'); // 3 within 5 minutes
    const info = host.list().find((plugin) => plugin.id === 'exiter')!;
    expect(info).to.include({ status: 'quarantined', crashes: 4, reason: 'exited (process.exit(3))' });
    const quarantined = await failure(collect(exiter.read('d1', 'account')));
    expect(quarantined).to.be.instanceOf(PluginQuarantinedError);
    expect(quarantined.message).to.contain('exiter is quarantined after repeated crashes');
    expect((await failure(host.adapter('exiter', {}))).code).to.equal('PLUGIN_QUARANTINED');
    expect(logger.lines.filter((line) => line.message === 'plugin crashed').map((line) => line.fields?.plugin)).to.deep.equal(['exiter', 'exiter', 'exiter', 'exiter']);
    expect(await collect(other.read('d1', 'account'))).to.have.length(3);

    host.reenable('exiter');
    expect(await collect(exiter.read('d1', 'account'))).to.have.length(3);
    expect(host.list().find((plugin) => plugin.id === 'exiter')).to.include({ status: 'active', crashes: 0 });
    await host.close();
  });

  it('keeps a quarantine in the state file, where another process (the CLI) lifts it for the running host', async () => {
    loadLog();
    const stateFile = join(mkdtempSync(join(tmpdir(), 'ls-state-')), 'plugins.json');
    const running = await createPluginHost({ pluginFolders: [FIXTURE_PLUGINS], logger: new RecordingLogger(), stateFile });
    const exiter = await running.adapter('exiter', {});
    for (let i = 0; i < 3; i++) expect((await failure(exiter.probe!('d1'))).code).to.equal('PLUGIN_CRASHED');
    expect((await failure(exiter.probe!('d1'))).code).to.equal('PLUGIN_QUARANTINED');

    const operator = await createPluginHost({ pluginFolders: [FIXTURE_PLUGINS], logger: new RecordingLogger(), stateFile });
    expect(operator.list().find((plugin) => plugin.id === 'exiter')).to.include({ status: 'quarantined', crashes: 3 });
    operator.reenable('exiter');

    expect(await collect(exiter.read('d1', 'account'))).to.have.length(3);
    await Promise.all([running.close(), operator.close()]);
  });
});
