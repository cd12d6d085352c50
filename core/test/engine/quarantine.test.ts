import { expect } from 'chai';
import { AdapterConnectionError, ENTITIES } from '@ledgersync/sdk';
import { AdapterCallError, createDiffEngine, MemoryReceiver } from '../../src/engine';
import { openStateStore, StateStore } from '../../src/state';
import { digestsOf } from './ledger-replay';
import { entry, MutableSource, seedBasics } from './mutable-source';

describe('diff engine quarantine', () => {
  let store: StateStore;
  beforeEach(async () => {
    store = await openStateStore({ client: 'sqlite', filename: ':memory:' });
  });
  afterEach(async () => {
    await store.close();
  });

  it('reports bad records by entity, id and field, sends the rest, and sends a record once what it refers to appears', async () => {
    const source = new MutableSource('Q1');
    source.advance();
    seedBasics(source);
    source.put('account', { id: '400000', name: 'Clients', reconcilable: true });
    source.put('entry', entry('GOOD', [{ accountId: '400000', amount: 5 }, { accountId: '400000', amount: -5 }]));
    source.put('entry', entry('UNBALANCED', [{ accountId: '400000', amount: 5 }, { accountId: '400000', amount: -4 }]));
    source.put('entry', entry('ORPHAN', [{ accountId: '400000', amount: 5 }, { accountId: '999999', amount: -5 }]));
    const engine = createDiffEngine({ store });
    const receiver = new MemoryReceiver();
    const adapter = source.adapter();
    const first = await engine.sync(adapter, source.dossierId, { kind: 'full', receiver });
    expect(first.quarantined.map((e) => [e.code, e.entity, e.recordId, e.field])).to.deep.equal([
      ['LEDGER_MISSING_REFERENCE', 'entry', 'ORPHAN', 'lines[1].accountId'],
      ['LEDGER_UNBALANCED_ENTRY', 'entry', 'UNBALANCED', 'lines'],
    ]);
    expect(first.quarantined[0].message).to.contain('dossier Q1').and.contain('999999');
    expect([...receiver.state.entry.keys()]).to.deep.equal(['GOOD']);
    expect(await store.records('Q1').count('entry')).to.deep.equal({ sent: 1, quarantined: 2 });

    // the missing account appears: ORPHAN (unchanged at the source, older than the watermark) is sent now
    source.advance();
    source.put('account', { id: '999999', name: 'Suspense', reconcilable: false });
    const second = await engine.sync(adapter, source.dossierId, { kind: 'incremental', receiver });
    expect(second.quarantined.map((e) => e.recordId)).to.deep.equal(['UNBALANCED']);
    expect([...receiver.state.entry.keys()].sort()).to.deep.equal(['GOOD', 'ORPHAN']);
    const sentNow = receiver.pages.at(-1)!.operations.map((op) => `${op.op} ${op.entity} ${op.id}`);
    expect(sentNow).to.deep.equal(['upsert account 999999', 'upsert entry ORPHAN']);

    // the account vanishes again (hard delete): the platform loses the account and the entry, deletes first in reverse order
    source.advance();
    source.snapshot('account').delete('999999');
    const third = await engine.sync(adapter, source.dossierId, { kind: 'incremental', receiver });
    expect(receiver.pages.at(-1)!.operations.map((op) => `${op.op} ${op.entity} ${op.id}`)).to.deep.equal(['delete entry ORPHAN', 'delete account 999999']);
    expect(third.quarantined.map((e) => e.recordId)).to.deep.equal(['ORPHAN', 'UNBALANCED']);
    expect(digestsOf(receiver.state)).to.deep.equal(digestsOf(source.truth().state));
  });

  it('takes every entry of a journal off the platform when the journal vanishes, and sends them again when it returns', async function () {
    this.timeout(60_000);
    const source = new MutableSource('J1');
    source.advance();
    seedBasics(source);
    source.put('account', { id: '400000', name: 'Clients', reconcilable: true });
    for (let i = 0; i < 1200; i++) source.put('entry', entry(`E${i}`, [{ accountId: '400000', amount: i + 1 }, { accountId: '400000', amount: -i - 1 }]));
    const engine = createDiffEngine({ store });
    const receiver = new MemoryReceiver();
    const adapter = source.adapter({ deletionLog: false });
    await engine.sync(adapter, source.dossierId, { kind: 'full', receiver });
    source.advance();
    source.snapshot('journal').delete('J');
    const gone = await engine.sync(adapter, source.dossierId, { kind: 'incremental', receiver });
    expect(gone.counts.deleted).to.equal(1201);
    expect(receiver.state.entry.size).to.equal(0);
    expect(gone.quarantined.length).to.equal(1200);
    expect(gone.quarantined[0]).to.include({ code: 'LEDGER_MISSING_REFERENCE', field: 'journalId' });
    source.advance();
    source.put('journal', { id: 'J', name: 'General', type: 'general' }, true);
    const back = await engine.sync(adapter, source.dossierId, { kind: 'incremental', receiver });
    expect(back.counts.upserted).to.equal(1201);
    expect(back.quarantined).to.deep.equal([]);
    expect(digestsOf(receiver.state)).to.deep.equal(digestsOf(source.truth().state));
  });

  it('names the adapter call, dossier and entity when the adapter fails, keeps its error as cause, and the next sync starts afresh', async () => {
    const source = new MutableSource('F1');
    source.advance();
    seedBasics(source);
    const adapter = source.adapter();
    const failing = {
      ...adapter,
      capabilities: () => adapter.capabilities(),
      read: () => {
        throw new AdapterConnectionError('server refused the login', 'password');
      },
    };
    const engine = createDiffEngine({ store });
    const receiver = new MemoryReceiver();
    let caught: unknown;
    try {
      await engine.sync(failing, source.dossierId, { kind: 'full', receiver });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(AdapterCallError);
    const error = caught as AdapterCallError;
    expect(error.code).to.equal('ENGINE_ADAPTER_FAILED');
    expect(error.adapterCode).to.equal('ADAPTER_CONNECTION_FAILED');
    expect(error.message).to.contain('adapter read failed for dossier F1, entity fiscalYear');
    expect(error.cause).to.be.instanceOf(AdapterConnectionError);
    expect(receiver.headers).to.deep.equal([]);
    const result = await engine.sync(adapter, source.dossierId, { kind: 'full', receiver });
    expect(result.resumed).to.equal(false);
    expect(receiver.state.journal.size).to.equal(1);
  });

  it('registers pushed proposals at once, then sends nothing for them on the next incremental', async () => {
    const source = new MutableSource('P1');
    source.advance();
    seedBasics(source);
    source.put('account', { id: '440000', name: 'Suppliers', reconcilable: true });
    source.put('account', { id: '604000', name: 'Purchases', reconcilable: false });
    source.put('counterparty', { id: 'S1', type: 'supplier', name: 'Hout BV' });
    const engine = createDiffEngine({ store });
    const receiver = new MemoryReceiver();
    const adapter = source.adapter();
    await engine.sync(adapter, source.dossierId, { kind: 'full', receiver });
    source.advance();
    const proposal = {
      id: 'PR-1',
      journalId: 'J',
      date: '2025-03-04',
      counterpartyId: 'S1',
      lines: [
        { line: 1, accountId: '440000', amount: -100 },
        { line: 2, accountId: '604000', amount: 100 },
      ],
    };
    const pushed = await engine.pushProposals(adapter, source.dossierId, [proposal], receiver);
    expect(pushed.methods).to.deep.equal({ entry: 'pushed' });
    expect(pushed.counts.upserted).to.equal(1);
    expect([...receiver.state.entry.keys()]).to.deep.equal(['J-P1']);
    const next = await engine.sync(adapter, source.dossierId, { kind: 'incremental', receiver });
    expect(next.counts.upserted + next.counts.deleted).to.equal(0);
    for (const entity of ENTITIES) expect(next.methods[entity], entity).to.equal('digests');
  });
});
