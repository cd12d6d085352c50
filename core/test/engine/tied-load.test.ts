import { expect } from 'chai';
import { ExtractionAdapter } from '@ledgersync/sdk';
import { createDiffEngine, MemoryReceiver } from '../../src/engine';
import { openStateStore, StateStore } from '../../src/state';
import { forEachDatabase } from '../state/databases';
import { digestsOf } from './ledger-replay';
import { RecordedLedgerAdapter } from '@ledgersync/example-recorded-ledger';
import { entry, MutableSource, seedBasics, withCapabilities } from './mutable-source';

const ENTRY_COUNT = 1500;

/** A load imported at once: every record carries the same marker (the source's clock does not move during it). */
function loadedAtOnce(source: MutableSource): void {
  source.advance();
  seedBasics(source);
  source.put('account', { id: '400000', name: 'Clients', reconcilable: true });
  source.put('account', { id: '700000', name: 'Sales', reconcilable: false });
  for (let i = 0; i < ENTRY_COUNT; i++) source.put('entry', entry(`E${i}`, [{ accountId: '400000', amount: 100 + i }, { accountId: '700000', amount: -100 - i }]));
}

/** The adapter, counting every row, key, digest and deletion it streams back: what the night cost the source. */
function counted(inner: ExtractionAdapter): { adapter: ExtractionAdapter; take(): number } {
  let rows = 0;
  const counting = <T>(listing: AsyncIterable<T>): AsyncIterable<T> => ({
    async *[Symbol.asyncIterator]() {
      for await (const item of listing) {
        rows += 1;
        yield item;
      }
    },
  });
  const adapter = Object.assign(Object.create(inner) as ExtractionAdapter, {
    read: ((...args: Parameters<ExtractionAdapter['read']>) => counting(inner.read(...args))) as ExtractionAdapter['read'],
    keys: inner.keys && ((...args: Parameters<NonNullable<ExtractionAdapter['keys']>>) => counting(inner.keys!(...args))),
    digests: inner.digests && ((...args: Parameters<NonNullable<ExtractionAdapter['digests']>>) => counting(inner.digests!(...args))),
    deletedSince: inner.deletedSince && ((...args: Parameters<NonNullable<ExtractionAdapter['deletedSince']>>) => counting(inner.deletedSince!(...args))),
  });
  return {
    adapter,
    take: () => {
      const taken = rows;
      rows = 0;
      return taken;
    },
  };
}

/**
 * The first nights after a load whose records share one marker: the watermark is that marker, and
 * an inclusive `since` listing gives back the whole load. Such a night must cost the source less
 * than reading it whole, and still find a record written later with the watermark's own marker.
 */
forEachDatabase('nights after a load whose records share one marker', (freshDatabase) => {
  let store: StateStore;
  before(async () => {
    store = await openStateStore(await freshDatabase());
  });
  after(async () => {
    await store.close();
  });

  it('a night with stamped, silent and hard-deleted changes reads far less than the load', async function () {
    this.timeout(120_000);
    const source = new MutableSource('TIED-NIGHT');
    loadedAtOnce(source);
    const { adapter, take } = counted(source.adapter());
    const engine = createDiffEngine({ store });
    const receiver = new MemoryReceiver();
    await engine.sync(adapter, source.dossierId, { kind: 'full', receiver });
    const fullRead = take();
    source.advance();
    for (const i of [3, 400, 901]) source.put('entry', entry(`E${i}`, [{ accountId: '400000', amount: 5 + i }, { accountId: '700000', amount: -5 - i }]));
    source.put('entry', entry('E20', [{ accountId: '400000', amount: 7 }, { accountId: '700000', amount: -7 }]), true);
    source.snapshot('entry').delete('E10');
    const night = await engine.sync(adapter, source.dossierId, { kind: 'incremental', receiver });
    const cost = take();
    expect(digestsOf(receiver.state)).to.deep.equal(digestsOf(source.truth().state));
    expect(night.counts).to.include({ upserted: 4, deleted: 1 });
    // before the fix: 2,299 rows against a load of 1,505 (every tie re-read, then level 1 walked); after: 807
    expect(cost, `source rows on the night (the load read ${fullRead})`).to.be.below(fullRead * 0.6);
  });

  it('keys with fingerprints: the night after the load lists every key once, not the ties again', async function () {
    this.timeout(120_000);
    const source = new MutableSource('TIED-KEYS');
    loadedAtOnce(source);
    const { adapter, take } = counted(withCapabilities(new RecordedLedgerAdapter(source), { digests: false, deletedSince: [] }));
    const engine = createDiffEngine({ store });
    const receiver = new MemoryReceiver();
    await engine.sync(adapter, source.dossierId, { kind: 'full', receiver });
    const fullRead = take();
    source.put('entry', entry('LATE', [{ accountId: '400000', amount: 1 }, { accountId: '700000', amount: -1 }])); // at the watermark's marker
    source.advance();
    source.put('entry', entry('E7', [{ accountId: '400000', amount: 3 }, { accountId: '700000', amount: -3 }]));
    source.snapshot('entry').delete('E8');
    const night = await engine.sync(adapter, source.dossierId, { kind: 'incremental', receiver });
    expect(night.methods.entry).to.equal('keys');
    expect(night.counts).to.include({ upserted: 2, deleted: 1 });
    expect(digestsOf(receiver.state)).to.deep.equal(digestsOf(source.truth().state));
    // before the fix: 3,012 rows (the ties, then every key) against a load of 1,505; after: 1,507
    expect(take(), `source rows on the night (the load read ${fullRead})`).to.be.below(fullRead * 1.1);
  });

  it('an empty night costs a few digest rows, and a record written later at the watermark marker is still found', async function () {
    this.timeout(120_000);
    const source = new MutableSource('TIED-EMPTY');
    loadedAtOnce(source);
    const { adapter, take } = counted(source.adapter());
    const engine = createDiffEngine({ store });
    const receiver = new MemoryReceiver();
    await engine.sync(adapter, source.dossierId, { kind: 'full', receiver });
    take();
    const empty = await engine.sync(adapter, source.dossierId, { kind: 'incremental', receiver });
    expect(empty.counts.upserted + empty.counts.deleted).to.equal(0);
    // the halves of each of the six entities (an empty entity has none): 7 rows; before the fix 1,512 (every tie re-read)
    expect(take(), 'source rows on an empty night').to.be.at.most(12);
    // the clock has not moved: these carry the watermark's own marker
    source.put('entry', entry('LATE', [{ accountId: '400000', amount: 1 }, { accountId: '700000', amount: -1 }]));
    source.put('entry', entry('E42', [{ accountId: '400000', amount: 2 }, { accountId: '700000', amount: -2 }]));
    const tie = await engine.sync(adapter, source.dossierId, { kind: 'incremental', receiver });
    expect(take(), 'source rows on the night of two ties').to.be.below(ENTRY_COUNT * 0.6);
    expect(tie.counts).to.include({ upserted: 2, deleted: 0 });
    expect(digestsOf(receiver.state)).to.deep.equal(digestsOf(source.truth().state));
  });
});
