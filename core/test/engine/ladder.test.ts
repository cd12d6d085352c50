import { expect } from 'chai';
import { AdapterCapabilities, DigestOptions, ENTITIES, EntityName, ExtractionAdapter, FullResyncRequiredError, ReadOptions } from '@ledgersync/sdk';
import { createDiffEngine, MemoryReceiver } from '../../src/engine';
import { splitBits } from '../../src/engine/detect/digest-scan';
import { openStateStore, StateStore } from '../../src/state';
import { forEachDatabase } from '../state/databases';
import { digestsOf } from './ledger-replay';
import { entry, MutableSource, seedBasics } from './mutable-source';

const ENTRY_COUNT = 1500;

function bigLedger(source: MutableSource, entries = ENTRY_COUNT): void {
  source.advance();
  seedBasics(source);
  source.put('account', { id: '400000', name: 'Clients', reconcilable: true });
  source.put('account', { id: '700000', name: 'Sales', reconcilable: false });
  for (let i = 0; i < entries; i++) {
    // markers spread over time as in a real ledger: only the last one ties with the watermark
    source.advance();
    source.put('entry', entry(`E${i}`, [{ accountId: '400000', amount: 100 + i }, { accountId: '700000', amount: -100 - i }]));
  }
}

/**
 * A hard delete (no trace at the source) and a silent change (marker kept), the two a timestamp
 * sync misses; or, for a source that declares it logs deletes and stamps every change, a logged
 * delete and a stamped change.
 */
function hardDeleteAndSilentChange(source: MutableSource, unlogged: boolean): void {
  source.advance();
  if (unlogged) source.snapshot('entry').delete('E10');
  else source.delete('entry', 'E10');
  source.put('entry', entry('E20', [{ accountId: '400000', amount: 7 }, { accountId: '700000', amount: -7 }]), unlogged);
  source.put('account', { id: '700000', name: 'Sales of bread', reconcilable: false });
}

/** The adapter as it is, telling `watch` of every `read` and `digests` call before answering it. */
function watched(
  inner: ExtractionAdapter,
  watch: { read?: (entity: EntityName, options?: ReadOptions) => void; digests?: (entity: EntityName, options: DigestOptions) => void },
): ExtractionAdapter {
  return Object.assign(Object.create(inner) as ExtractionAdapter, {
    read: (dossierId: string, entity: EntityName, options?: ReadOptions) => {
      watch.read?.(entity, options);
      return inner.read(dossierId, entity, options);
    },
    digests: (dossierId: string, entity: EntityName, options: DigestOptions) => {
      watch.digests?.(entity, options);
      return inner.digests!(dossierId, entity, options);
    },
  });
}

forEachDatabase('detection ladder', (freshDatabase, databaseName) => {
  let store: StateStore;
  before(async () => {
    store = await openStateStore(await freshDatabase());
  });
  after(async () => {
    await store.close();
  });

  const cases: { title: string; capabilities: Partial<AdapterCapabilities>; method: string; unlogged: boolean }[] = [
    { title: 'digests, many buckets a call', capabilities: {}, method: 'digests', unlogged: true },
    { title: 'digests, one bucket a call', capabilities: { bucketLists: false }, method: 'digests', unlogged: true },
    { title: 'keys with fingerprints', capabilities: { digests: false, deletedSince: [] }, method: 'keys', unlogged: true },
    { title: 'deletion log where no silent change is possible', capabilities: { digests: false, keys: false, silentChangesPossible: [] }, method: 'deletion-log', unlogged: false },
    { title: 'deletion log alone where silent changes are possible', capabilities: { digests: false, keys: false }, method: 'full-read', unlogged: true },
    { title: 'nothing but read', capabilities: { digests: false, keys: false, deletedSince: [] }, method: 'full-read', unlogged: true },
  ];
  for (const [index, c] of cases.entries()) {
    it(`${c.title}: the incremental sync reports ${c.method} and finds the ${c.unlogged ? 'hard delete and the silent change' : 'logged delete and the change'}`, async function () {
      this.timeout(60_000);
      const source = new MutableSource(`L${index}`);
      bigLedger(source);
      const adapter = source.adapter({ capabilities: c.capabilities });
      const engine = createDiffEngine({ store });
      const receiver = new MemoryReceiver();
      const initial = await engine.sync(adapter, source.dossierId, { kind: 'full', receiver });
      expect(initial.methods.entry).to.equal('full-read');
      expect(initial.rowsRead.entry).to.equal(ENTRY_COUNT);
      hardDeleteAndSilentChange(source, c.unlogged);
      const incremental = await engine.sync(adapter, source.dossierId, { kind: 'incremental', receiver });
      expect(incremental.methods.entry).to.equal(c.method);
      expect(digestsOf(receiver.state)).to.deep.equal(digestsOf(source.truth().state));
      expect(incremental.counts).to.include({ upserted: 2, deleted: 1, quarantined: 0 });
      expect(incremental.counts.read).to.equal(Object.values(incremental.rowsRead).reduce((a, b) => a + (b ?? 0), 0));
      if (c.method === 'digests') expect(incremental.rowsRead.entry, 'records and digest rows read').to.be.below(ENTRY_COUNT * 0.6);
      if (c.method === 'full-read') expect(incremental.rowsRead.entry).to.equal(ENTRY_COUNT - 1);
      const again = await engine.sync(adapter, source.dossierId, { kind: 'incremental', receiver });
      expect(again.counts.upserted + again.counts.deleted).to.equal(0);
      expect(again.pages).to.equal(1);
      expect(receiver.pages.at(-1)!.operations).to.deep.equal([]);
      const full = await engine.sync(adapter, source.dossierId, { kind: 'full', receiver });
      expect(full.counts.upserted + full.counts.deleted, 'a full sync of an unchanged source').to.equal(0);
    });
  }

  it('with bucket lists, finds scattered hard deletes and silent changes in a handful of calls, as one bucket a call does', async function () {
    this.timeout(60_000);
    const calls = { listed: [] as string[], single: [] as string[] };
    for (const mode of ['listed', 'single'] as const) {
      const source = new MutableSource(`LISTS-${mode}`);
      bigLedger(source);
      const inner = source.adapter({ capabilities: { bucketLists: mode === 'listed' } });
      const adapter = watched(inner, {
        read: (entity, options) => {
          if (entity === 'entry' && (options?.range || options?.ranges)) calls[mode].push(options.ranges ? `read ${options.ranges.length} ranges` : 'read 1 range');
        },
        digests: (entity, options) => {
          if (entity === 'entry') calls[mode].push(`digests ${options.bits}`);
        },
      });
      const engine = createDiffEngine({ store });
      const receiver = new MemoryReceiver();
      await engine.sync(adapter, source.dossierId, { kind: 'full', receiver });
      source.advance();
      const snapshot = source.snapshot('entry');
      for (let i = 0; i < 40; i++) snapshot.delete(`E${i * 37}`); // 40 hard deletes spread over the key space
      for (let i = 0; i < 5; i++) source.put('entry', entry(`E${i * 37 + 5}`, [{ accountId: '400000', amount: 1 }, { accountId: '700000', amount: -1 }]), true);
      const night = await engine.sync(adapter, source.dossierId, { kind: 'incremental', receiver });
      expect(night.counts).to.include({ deleted: 40, upserted: 5 });
      expect(digestsOf(receiver.state)).to.deep.equal(digestsOf(source.truth().state));
    }
    expect(calls.listed.length, calls.listed.join(', ')).to.be.at.most(6);
    expect(calls.single.length, 'one call per differing bucket without lists').to.be.above(40);
  });

  it('with bucket lists, reads every differing leaf of a width in one call, whichever level-2 call found it', async function () {
    // 8,000 entries written and read back: about a minute on MariaDB on a busy 2-core machine
    this.timeout(databaseName === 'SQLite' ? 120_000 : 300_000);
    // ~8 entries a level-1 bucket, so differing buckets are split; 300 deletes make more differing buckets of one split than a list of 100 held
    const source = new MutableSource('LEAVES');
    bigLedger(source, 8_000);
    const calls: { call: string; ranges: number }[] = [];
    const adapter = watched(source.adapter({ capabilities: { bucketLists: true } }), {
      read: (entity, options) => {
        if (entity === 'entry' && options?.ranges) calls.push({ call: `read ${options.ranges[0].bits}`, ranges: options.ranges.length });
      },
      digests: (entity, options) => {
        if (entity === 'entry') calls.push({ call: `digests ${options.bits}`, ranges: options.ranges?.length ?? 0 });
      },
    });
    const engine = createDiffEngine({ store });
    const receiver = new MemoryReceiver();
    await engine.sync(adapter, source.dossierId, { kind: 'full', receiver });
    source.advance();
    const snapshot = source.snapshot('entry');
    for (let i = 0; i < 300; i++) snapshot.delete(`E${i * 26}`);
    source.put('entry', entry('E1', [{ accountId: '400000', amount: 5 }, { accountId: '700000', amount: -5 }])); // stamped: level 1 at once
    const night = await engine.sync(adapter, source.dossierId, { kind: 'incremental', receiver });
    expect(night.counts).to.include({ deleted: 300, upserted: 1 });
    expect(digestsOf(receiver.state)).to.deep.equal(digestsOf(source.truth().state));
    const names = calls.map((c) => c.call);
    expect(names[0]).to.equal('digests 10');
    expect(Math.max(...calls.filter((c) => c.call !== 'digests 10').map((c) => c.ranges)), 'ranges in the largest call').to.be.above(100);
    // each call is a pass over the entity for a source without an index on the ids' bucket: one a width
    expect(new Set(names).size, names.join(', ')).to.equal(names.length);
    expect(names.filter((n) => n.startsWith('read')).length).to.be.at.least(1);
  });

  it('asks for the halves first where the listing found nothing tonight, and for level 1 at once where it found changes', async function () {
    this.timeout(60_000);
    const source = new MutableSource('HALVES');
    bigLedger(source);
    const inner = source.adapter();
    const asked: { entity: string; bits: number; within?: number }[] = [];
    const adapter = watched(inner, { digests: (entity, options) => asked.push({ entity, bits: options.bits, within: options.within?.bits }) });
    const engine = createDiffEngine({ store });
    const receiver = new MemoryReceiver();
    await engine.sync(adapter, source.dossierId, { kind: 'full', receiver });
    source.advance();
    source.snapshot('entry').delete('E10'); // a hard delete, on a night with a stamped correction
    source.put('entry', entry('E30', [{ accountId: '400000', amount: 9 }, { accountId: '700000', amount: -9 }]));
    await engine.sync(adapter, source.dossierId, { kind: 'incremental', receiver });
    expect(digestsOf(receiver.state)).to.deep.equal(digestsOf(source.truth().state));
    const first = (entity: string) => asked.find((a) => a.entity === entity);
    expect(first('entry'), 'entries changed tonight: level 1 at once').to.deep.equal({ entity: 'entry', bits: 10, within: undefined });
    expect(first('account'), 'accounts unchanged: the halves first').to.deep.equal({ entity: 'account', bits: 1, within: undefined });
    expect(asked.filter((a) => a.entity === 'account'), 'matching halves end the search').to.have.length(1);
  });
});

describe('detection ladder choices', () => {
  it('splits a differing level-1 bucket by about the square root of its records, at most 32 ways', () => {
    expect([1, 4, 5, 49, 250, 1000, 100_000].map(splitBits)).to.deep.equal([0, 0, 1, 3, 4, 5, 5]);
  });

  it('reads in full an entity whose deletion log no longer reaches back to the watermark', async () => {
    const store = await openStateStore({ client: 'sqlite', filename: ':memory:' });
    try {
      const source = new MutableSource('EXPIRED');
      bigLedger(source);
      const logging = source.adapter({ capabilities: { digests: false, keys: false, silentChangesPossible: [], deletedSince: ['entry'] } });
      const expired = {
        ...logging,
        // eslint-disable-next-line require-yield
        deletedSince: async function* () {
          throw new FullResyncRequiredError('change tracking version 7 is older than the minimum valid version 9');
        },
      };
      const engine = createDiffEngine({ store });
      const receiver = new MemoryReceiver();
      await engine.sync(expired, source.dossierId, { kind: 'full', receiver });
      source.advance();
      source.delete('entry', 'E5');
      const result = await engine.sync(expired, source.dossierId, { kind: 'incremental', receiver });
      expect(result.methods.entry).to.equal('full-read');
      expect(receiver.state.entry.has('E5')).to.equal(false);
      expect(digestsOf(receiver.state)).to.deep.equal(digestsOf(source.truth().state));
    } finally {
      await store.close();
    }
  });

  it('uses the deletion log only for entities it covers', async () => {
    const store = await openStateStore({ client: 'sqlite', filename: ':memory:' });
    try {
      const source = new MutableSource('LOG');
      bigLedger(source);
      const adapter = source.adapter({ capabilities: { digests: false, keys: false, silentChangesPossible: [], deletedSince: ['entry'] } });
      const engine = createDiffEngine({ store });
      const receiver = new MemoryReceiver();
      await engine.sync(adapter, source.dossierId, { kind: 'full', receiver });
      source.advance();
      source.delete('entry', 'E5');
      const result = await engine.sync(adapter, source.dossierId, { kind: 'incremental', receiver });
      expect(result.methods.entry).to.equal('deletion-log');
      for (const entity of ENTITIES.filter((e) => e !== 'entry')) expect(result.methods[entity], entity).to.equal('full-read');
      expect(receiver.state.entry.has('E5')).to.equal(false);
      // the logged delete, and the last entry again: listings since the watermark include it
      expect(result.rowsRead.entry).to.equal(2);
    } finally {
      await store.close();
    }
  });
});
