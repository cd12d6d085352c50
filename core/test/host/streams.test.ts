import { expect } from 'chai';
import { createPluginHost, PluginHost } from '../../src/host';
import { collect, FIXTURE_PLUGINS, loadLog, RecordingLogger } from './helpers';

/** What the `counter` plugin's listing has produced so far, as it reports it. */
async function seen(adapter: { probe?(dossierId: string): Promise<string> }): Promise<{ produced: number; closed: number }> {
  return JSON.parse(await adapter.probe!('d1')) as { produced: number; closed: number };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

describe('plugin host: streams across the boundary', () => {
  let host: PluginHost;

  before(async () => {
    loadLog();
    host = await createPluginHost({ pluginFolders: [FIXTURE_PLUGINS], logger: new RecordingLogger(), limits: { batchSize: 10, batchesAhead: 2 } });
  });
  after(() => host.close());

  it('produces only what the host asked for: one batch in hand, two ahead', async () => {
    const counter = await host.adapter('counter', { count: 1000 });
    const iterator = counter.read('d1', 'account')[Symbol.asyncIterator]();
    expect((await iterator.next()).value).to.include({ id: 'r1' });
    await settle();
    expect(await seen(counter)).to.deep.equal({ produced: 30, closed: 0 });
    await settle(); // a consumer that stops does not make the plugin read on
    expect((await seen(counter)).produced).to.equal(30);
    for (let i = 2; i <= 11; i++) await iterator.next(); // into the second batch: the fourth is asked for
    await settle();
    expect((await seen(counter)).produced).to.equal(40);
    await iterator.return!();
  });

  it('forwards cancellation: the plugin listing is closed when the consumer stops', async () => {
    const counter = await host.adapter('counter', { count: 1000 });
    const before = await seen(counter);
    let taken = 0;
    for await (const record of counter.read('d1', 'account')) {
      expect(record.id).to.equal(`r${++taken}`);
      if (taken === 15) break;
    }
    await settle();
    const after = await seen(counter);
    expect(after.closed).to.equal(before.closed + 1);
    expect(after.produced - before.produced).to.be.at.most(40); // the batch in hand and two ahead
  });

  it('reads a listing to the end, batch after batch, in order', async () => {
    const counter = await host.adapter('counter', { count: 95 });
    const records = await collect(counter.read('d1', 'account'));
    expect(records.map((record) => record.id)).to.deep.equal(Array.from({ length: 95 }, (_, i) => `r${i + 1}`));
  });
});
