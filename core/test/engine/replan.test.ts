import { expect } from 'chai';
import { createDiffEngine, MemoryReceiver } from '../../src/engine';
import { openStateStore, StateStore } from '../../src/state';
import { digestsOf, reportKeys, truthReport } from './ledger-replay';
import { entry, MutableSource, seedBasics } from './mutable-source';

/**
 * Planning one record can invalidate or revalidate another: matchings sharing a line, records
 * referring to one just quarantined or released. Each history here once left the platform wrong.
 */
describe('diff engine re-planning of dependants', () => {
  let store: StateStore;
  beforeEach(async () => {
    store = await openStateStore({ client: 'sqlite', filename: ':memory:' });
  });
  afterEach(async () => {
    await store.close();
  });

  /** A source with a reconcilable account and a sales entry whose line 1 is 100, matched against payments. */
  function lineOf100(dossierId: string): MutableSource {
    const source = new MutableSource(dossierId);
    source.advance();
    seedBasics(source);
    source.put('account', { id: '400000', name: 'Clients', reconcilable: true });
    source.put('account', { id: '700000', name: 'Sales', reconcilable: false });
    source.put('entry', entry('SALE', [{ accountId: '400000', amount: 100 }, { accountId: '700000', amount: -100 }]));
    for (const id of ['PAY1', 'PAY2', 'PAY3']) source.put('entry', entry(id, [{ accountId: '700000', amount: 100 }, { accountId: '400000', amount: -100 }]));
    return source;
  }

  const matching = (id: string, payment: string, amount: number) => ({
    id,
    date: '2025-03-02',
    items: [{ entryId: 'SALE', line: 1, amount }, { entryId: payment, line: 2, amount: -amount }],
  });

  async function syncAndCompare(engine: ReturnType<typeof createDiffEngine>, source: MutableSource, receiver: MemoryReceiver, kind: 'full' | 'incremental', step: string) {
    const result = await engine.sync(source.adapter(), source.dossierId, { kind, receiver });
    const truth = source.truth();
    expect(digestsOf(receiver.state), step).to.deep.equal(digestsOf(truth.state));
    expect(reportKeys(result.quarantined), step).to.deep.equal(truthReport(truth));
    return result;
  }

  it('takes a later matching off the platform when an earlier one over-matches their line, and sends it back when it fits again', async () => {
    const source = lineOf100('R1');
    source.put('matching', matching('M1', 'PAY1', 60));
    source.put('matching', matching('M2', 'PAY2', 30));
    const engine = createDiffEngine({ store });
    const receiver = new MemoryReceiver();
    await syncAndCompare(engine, source, receiver, 'full', 'first full');
    expect([...receiver.state.matching.keys()]).to.deep.equal(['M1', 'M2']);

    source.advance();
    source.put('matching', matching('M1', 'PAY1', 80));
    const grown = await syncAndCompare(engine, source, receiver, 'incremental', 'M1 grows to 80');
    expect(grown.quarantined.map((e) => [e.code, e.recordId])).to.deep.equal([['LEDGER_OVER_MATCHED', 'M2']]);
    expect([...receiver.state.matching.keys()]).to.deep.equal(['M1']);

    // a full sync of the unchanged source changes nothing more
    const full = await syncAndCompare(engine, source, receiver, 'full', 'full after the quarantine');
    expect(full.counts.upserted + full.counts.deleted).to.equal(0);

    source.advance();
    source.put('matching', matching('M1', 'PAY1', 60));
    const shrunk = await syncAndCompare(engine, source, receiver, 'incremental', 'M1 back to 60');
    expect(shrunk.quarantined).to.deep.equal([]);
    expect([...receiver.state.matching.keys()]).to.deep.equal(['M1', 'M2']);
  });

  it('plans restaged matchings whatever their ids look like (lower case sorts after every upper-case id)', async () => {
    const source = lineOf100('R6');
    source.put('matching', matching('m1', 'PAY1', 60));
    source.put('matching', matching('m2', 'PAY2', 30));
    const engine = createDiffEngine({ store });
    const receiver = new MemoryReceiver();
    await syncAndCompare(engine, source, receiver, 'full', 'first full');
    source.advance();
    source.put('matching', matching('m1', 'PAY1', 80));
    await syncAndCompare(engine, source, receiver, 'incremental', 'm1 grows to 80');
    expect([...receiver.state.matching.keys()]).to.deep.equal(['m1']);
  });

  it('does not count a re-planned matching\'s own old amount against it', async () => {
    const source = lineOf100('R2');
    source.put('matching', matching('M1', 'PAY1', 20));
    source.put('matching', matching('M2', 'PAY2', 30));
    source.put('matching', matching('M3', 'PAY3', 40));
    const engine = createDiffEngine({ store });
    const receiver = new MemoryReceiver();
    await syncAndCompare(engine, source, receiver, 'full', 'first full');
    source.advance();
    source.put('matching', matching('M1', 'PAY1', 25));
    source.put('matching', matching('M3', 'PAY3', 41));
    const result = await syncAndCompare(engine, source, receiver, 'incremental', 'M1 to 25, M3 to 41');
    expect(result.quarantined).to.deep.equal([]);
    expect(receiver.state.matching.get('M3')?.items[0].amount).to.equal(41);
  });

  it('takes the matchings of an entry that turns unbalanced off the platform, and sends them back when it balances again', async () => {
    const source = lineOf100('R3');
    source.put('matching', matching('M1', 'PAY1', 60));
    const engine = createDiffEngine({ store });
    const receiver = new MemoryReceiver();
    await syncAndCompare(engine, source, receiver, 'full', 'first full');
    source.advance();
    source.put('entry', entry('PAY1', [{ accountId: '700000', amount: 100 }, { accountId: '400000', amount: -99 }]));
    const broken = await syncAndCompare(engine, source, receiver, 'incremental', 'PAY1 unbalanced');
    expect(reportKeys(broken.quarantined)).to.deep.equal(['LEDGER_MISSING_REFERENCE matching M1 items[1].entryId', 'LEDGER_UNBALANCED_ENTRY entry PAY1 lines']);
    expect(receiver.state.matching.size).to.equal(0);
    source.advance();
    source.put('entry', entry('PAY1', [{ accountId: '700000', amount: 100 }, { accountId: '400000', amount: -100 }]));
    await syncAndCompare(engine, source, receiver, 'incremental', 'PAY1 balanced again');
    expect([...receiver.state.matching.keys()]).to.deep.equal(['M1']);
  });

  it('sends a matching quarantined for a non-reconcilable account once the account becomes reconcilable', async () => {
    const source = lineOf100('R4');
    source.put('account', { id: '400000', name: 'Clients', reconcilable: false });
    source.put('matching', matching('M1', 'PAY1', 60));
    const engine = createDiffEngine({ store });
    const receiver = new MemoryReceiver();
    const first = await syncAndCompare(engine, source, receiver, 'full', 'first full');
    expect(first.quarantined.map((e) => `${e.code} ${e.field}`)).to.deep.equal(['LEDGER_MATCHING_NOT_RECONCILABLE items[0].line', 'LEDGER_MATCHING_NOT_RECONCILABLE items[1].line']);
    source.advance();
    source.put('account', { id: '400000', name: 'Clients', reconcilable: true });
    await syncAndCompare(engine, source, receiver, 'incremental', 'account reconcilable');
    expect([...receiver.state.matching.keys()]).to.deep.equal(['M1']);
  });

  it('releases a chain: an entry back from quarantine brings back its matching, which over-matches a later one', async () => {
    const source = lineOf100('R5');
    source.put('matching', matching('M1', 'PAY1', 60));
    source.put('matching', matching('M2', 'PAY2', 50));
    source.put('entry', entry('PAY1', [{ accountId: '700000', amount: 100 }, { accountId: '400000', amount: -99 }]));
    const engine = createDiffEngine({ store });
    const receiver = new MemoryReceiver();
    await syncAndCompare(engine, source, receiver, 'full', 'first full');
    expect([...receiver.state.matching.keys()]).to.deep.equal(['M2']);
    source.advance();
    source.put('entry', entry('PAY1', [{ accountId: '700000', amount: 100 }, { accountId: '400000', amount: -100 }]));
    await syncAndCompare(engine, source, receiver, 'incremental', 'PAY1 released');
    expect([...receiver.state.matching.keys()]).to.deep.equal(['M1']);
  });
});
