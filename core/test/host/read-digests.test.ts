import { expect } from 'chai';
import { contentDigest, dossierRecords, dossierShape, SourceRecord } from '@ledgersync/sdk';
import { createPluginHost, PluginHost } from '../../src/host';
import { isPlainJson, readBatchDigests } from '../../src/host/rpc/read-digests';
import { attachReadDigests } from '../../src/host/rpc/attach-digests';
import { digestOf, knownDigest, rememberDigest } from '../../src/engine/record-digest';
import { stagedIfChanged } from '../../src/engine/staged-source';
import { RemoteStream, StreamSink } from '../../src/host/rpc/remote-stream';
import { collect, FIXTURE_PLUGINS, loadLog, RecordingLogger } from './helpers';

/** What the host decodes from what the plugin process sends. */
const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const envelope = (id: string, record: unknown) => ({ id, marker: '1', cursor: id, record });

class Money {
  constructor(readonly cents: number) {}
}

describe('read digests: content digests worked out in the plugin process', () => {
  it('gives every generated record the digest the host would compute from what it decodes', () => {
    const items = [...dossierRecords(dossierShape({ seed: 7, entries: 60 }))].map(({ entity, record }) => ({ entity, item: envelope(record.id, record) }));
    for (const { entity, item } of items) {
      const [digest] = readBatchDigests(entity, [item]).split(',');
      expect(digest, `${entity} ${item.id}`).to.equal(contentDigest(entity, roundTrip(item).record));
    }
  });

  it('leaves to the host what JSON changes on the way (Date, toJSON, class instances, functions, holes, undefined in arrays)', () => {
    const tricky: Record<string, unknown> = {
      date: { id: 'a', at: new Date(0) },
      toJSON: { id: 'b', amount: { toJSON: () => 5 } },
      instance: { id: 'c', amount: new Money(5) },
      function: { id: 'd', describe: () => 'x' },
      hole: { id: 'e', lines: [1, , 3] }, // eslint-disable-line no-sparse-arrays
      undefinedItem: { id: 'f', lines: [1, undefined] },
      map: { id: 'g', lines: new Map([[1, 2]]) },
      bigint: { id: 'h', cents: 10n },
    };
    for (const [name, record] of Object.entries(tricky)) {
      expect(isPlainJson(record), name).to.equal(false);
      expect(readBatchDigests('account', [envelope(name, record)]), name).to.equal('');
    }
    // What JSON drops and the digest skips alike is plain: undefined members, NaN as null, -0 as 0, a null-prototype object.
    const alike = [{ id: 'i', name: undefined }, { id: 'j', rate: NaN, zero: -0 }, Object.assign(Object.create(null), { id: 'k' })];
    for (const record of alike) {
      expect(isPlainJson(record)).to.equal(true);
      expect(readBatchDigests('account', [envelope('x', record)])).to.equal(contentDigest('account', roundTrip(record)));
    }
  });

  it('takes only a well-formed list from the plugin process: one 64-hex digest per record, else the engine computes', () => {
    const good = 'a'.repeat(64);
    const items = [envelope('1', { id: '1' }), envelope('2', { id: '2' })];
    attachReadDigests(items, `${good},not-a-digest`);
    expect(knownDigest(items[0])).to.equal(good);
    expect(knownDigest(items[1])).to.equal(undefined);
    for (const digests of [good, `${good},${good},${good}`, 42, undefined, ['x']]) {
      const fresh = [envelope('1', { id: '1' }), envelope('2', { id: '2' })];
      attachReadDigests(fresh, digests);
      expect(fresh.map(knownDigest), String(digests)).to.deep.equal([undefined, undefined]);
      expect(digestOf('account', fresh[0] as SourceRecord)).to.equal(contentDigest('account', { id: '1' }));
    }
  });

  it('the engine compares with the digest worked out ahead, not one of its own', () => {
    const source = envelope('1', { id: '1', name: 'changed' }) as SourceRecord<'account'>;
    const state = { entity: 'account' as const, id: '1', bucket: 0, fingerprint: 'f'.repeat(16), marker: '1', digest: 'b'.repeat(64), status: 'sent' as const };
    const withFingerprint = { ...source, fingerprint: 'f'.repeat(16) };
    expect(stagedIfChanged('account', withFingerprint, state), 'no digest ahead: computed, differs').to.not.equal(undefined);
    rememberDigest(withFingerprint, 'b'.repeat(64));
    expect(stagedIfChanged('account', withFingerprint, state), 'digest ahead equals the state').to.equal(undefined);
  });

  describe('through the plugin host', () => {
    let host: PluginHost;
    before(async () => {
      loadLog();
      host = await createPluginHost({ pluginFolders: [FIXTURE_PLUGINS], logger: new RecordingLogger(), limits: { batchSize: 7, batchesAhead: 2 } });
    });
    after(() => host.close());

    it('hands the engine digests hashed in the plugin process while the host is behind: each the host\'s own, none where JSON changes the record', async () => {
      const counter = await host.adapter('counter', { count: 60, dated: true });
      const records: SourceRecord[] = [];
      for await (const record of counter.read('d1', 'account')) {
        records.push(record);
        if (records.length % 7 === 1) await new Promise((resolve) => setTimeout(resolve, 100)); // far slower than the plugin: batches wait
      }
      expect(records).to.have.length(60);
      const hashedThere = records.filter((record) => knownDigest(record) !== undefined);
      expect(hashedThere.length, 'records whose digest came with the batch').to.be.greaterThan(10);
      for (const [i, record] of records.entries()) {
        const dated = i % 2 === 0;
        expect(typeof (record.record as { at?: unknown }).at, record.id).to.equal(dated ? 'string' : 'undefined');
        if (dated) expect(knownDigest(record), record.id).to.equal(undefined);
        expect(digestOf('account', record), record.id).to.equal(contentDigest('account', record.record));
      }
    });

    it('sends no digests with listings other than read', async () => {
      const counter = await host.adapter('counter', { count: 5 });
      const dossiers = await collect(counter.listDossiers());
      for (const dossier of dossiers) expect(knownDigest(dossier)).to.equal(undefined);
    });
  });
});

describe('remote stream: whether the host is behind goes with each pull', () => {
  it('asks for digests only while received batches wait for the consumer', async () => {
    const pulls: Array<[number, boolean]> = [];
    const sink = new StreamSink('read', 1000, (batch) => JSON.parse(batch.payload as string) as unknown[]);
    const stream = new RemoteStream(sink, { request: (batches, behind) => pulls.push([batches, behind]), release: () => undefined }, 2);
    stream.start();
    expect(pulls).to.deep.equal([[2, false]]); // nothing received yet: not behind
    sink.batches.push({ payload: '[1,2]', done: false }, { payload: '[3,4]', done: false });
    expect((await stream.next()).value).to.equal(1); // one batch taken, one still waiting
    expect(pulls[1]).to.deep.equal([1, true]);
    await stream.next();
    expect((await stream.next()).value).to.equal(3); // the last one taken: nothing waits
    expect(pulls[2]).to.deep.equal([2, false]);
  });
});
