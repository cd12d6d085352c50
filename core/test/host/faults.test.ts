import { expect } from 'chai';
import { ExtractionAdapter } from '@ledgersync/sdk';
import { createPluginHost, PluginCallError, PluginCallTimeoutError, PluginCrashedError, PluginHost, PluginUnresponsiveError } from '../../src/host';
import { collect, failure, FIXTURE_PLUGINS, loadLog, RecordingLogger } from './helpers';

/**
 * Each misbehaving plugin fails only its own call, with a typed error naming it and the reason,
 * while another plugin reads during the fault and after it.
 */
describe('plugin host: faults stay inside their plugin', function () {
  this.timeout(30_000);
  let host: PluginHost;
  let other: ExtractionAdapter;
  const logger = new RecordingLogger();

  before(async () => {
    loadLog();
    host = await createPluginHost({ pluginFolders: [FIXTURE_PLUGINS], logger, limits: { ackTimeoutMs: 500, unresponsiveTimeoutMs: 1500 } });
    other = await host.adapter('other', { count: 2000 });
  });
  after(() => host.close());

  /** Reads the good plugin while `fault` runs and again afterwards. */
  async function whileOtherWorks(fault: Promise<unknown>): Promise<Error & { code?: string }> {
    const [error, during] = await Promise.all([failure(fault), collect(other.read('d1', 'account'))]);
    expect(during).to.have.length(2000);
    expect(await collect(other.read('d1', 'account'))).to.have.length(2000);
    return error;
  }

  it('throws: the error keeps its code and names the plugin', async () => {
    const thrower = await host.adapter('thrower', {});
    const seen: unknown[] = [];
    const error = await whileOtherWorks((async () => {
      for await (const record of thrower.read('d1', 'account')) seen.push(record);
    })());
    expect(seen).to.have.length(1);
    expect(error).to.be.instanceOf(PluginCallError);
    expect(error.message).to.equal('ADAPTER_SOURCE_ERROR: thrower: read failed: table account is gone');
    expect((await failure(thrower.probe!('d1'))).code).to.equal('PLUGIN_CALL_FAILED');
    expect(await collect(thrower.listDossiers())).to.have.length(1); // the plugin itself is fine
  });

  it('hangs: the call times out and is cancelled; the plugin still answers other calls', async () => {
    const hanger = await host.adapter('hanger', {});
    const error = await whileOtherWorks(collect(hanger.read('d1', 'account')));
    expect(error).to.be.instanceOf(PluginCallTimeoutError);
    expect(error.message).to.equal('PLUGIN_CALL_TIMEOUT: hanger: read did not answer within 400 ms; cancelled');
    expect((await failure(hanger.probe!('d1'))).code).to.equal('PLUGIN_CALL_TIMEOUT');
    expect(await collect(hanger.listDossiers())).to.have.length(1);
  });

  it('spins: reported unresponsive by name when no ack comes, then terminated', async () => {
    const spinner = await host.adapter('spinner', {});
    const error = await whileOtherWorks(collect(spinner.read('d1', 'account')));
    expect(logger.lines).to.deep.include({ level: 'warn', message: 'plugin unresponsive: its event loop is blocked', fields: { plugin: 'spinner', method: 'read', ackTimeoutMs: 500 } });
    expect(error).to.be.instanceOf(PluginUnresponsiveError);
    expect(error.message).to.equal('PLUGIN_CRASHED: spinner crashed during read: unresponsive (no acknowledgement for 1500 ms; terminated)');
    expect(logger.lines.find((line) => line.message === 'plugin crashed' && line.fields?.plugin === 'spinner')?.fields).to.include({ reason: 'unresponsive (no acknowledgement for 1500 ms; terminated)' });
    // restarted on next use
    expect(await collect(spinner.listDossiers())).to.have.length(1);
  });

  it('exhausts its memory limit: only its call fails, with the limit', async () => {
    // Its own host with the default unresponsive timeout: near its limit the worker collects garbage
    // for seconds on a loaded machine, and must not be terminated as unresponsive before it runs out.
    const own = await createPluginHost({ pluginFolders: [FIXTURE_PLUGINS], logger });
    const hog = await own.adapter('memory-hog', {});
    const error = await whileOtherWorks(collect(hog.read('d1', 'account')));
    expect(error).to.be.instanceOf(PluginCrashedError);
    expect(error.message).to.equal('PLUGIN_CRASHED: memory-hog crashed during read: out of memory (heap limit 32 MB)');
    await own.close();
  });

  it('calls process.exit: only its worker ends', async () => {
    const exiter = await host.adapter('exiter', {});
    const error = await whileOtherWorks(exiter.probe!('d1'));
    expect(error).to.be.instanceOf(PluginCrashedError);
    expect(error.message).to.equal('PLUGIN_CRASHED: exiter crashed during probe: exited (process.exit(3))');
    expect(await collect(exiter.read('d1', 'account'))).to.have.length(3);
    expect(host.list().find((plugin) => plugin.id === 'exiter')).to.include({ crashes: 1, status: 'active' });
  });
});
