import { expect } from 'chai';
import { HeldRecord } from '@ledgersync/sdk';
import { createDiffEngine, MemoryReceiver } from '../../src/engine';
import { openStateStore, StateStore } from '../../src/state';
import { forEachDatabase } from '../state/databases';
import { entry, MutableSource, seedBasics } from './mutable-source';

/** A source whose adapter hands one record over with a broken envelope (what a NULL `modified` column gives). */
function sourceWith(broken: (held: HeldRecord) => HeldRecord): MutableSource {
  const source = new MutableSource('ENVELOPE');
  source.advance();
  seedBasics(source);
  source.put('account', { id: '400000', name: 'Clients', reconcilable: true });
  source.put('account', { id: '700000', name: 'Sales', reconcilable: false });
  for (const id of ['E1', 'E2', 'E3']) source.put('entry', entry(id, [{ accountId: '400000', amount: 100 }, { accountId: '700000', amount: -100 }]));
  const entries = source.snapshot('entry');
  entries.set('E2', broken(entries.get('E2')!));
  return source;
}

/**
 * An adapter's envelope (id, marker, cursor, fingerprint) is the contract the engine keys its state
 * on. A broken one must stop the sync with a typed error naming dossier, entity, record and field —
 * before, a NULL marker reached the state store and failed there as a raw database error
 * (`NOT NULL constraint failed: st_records.marker`), naming nothing.
 */
forEachDatabase('a source record with a broken envelope', (freshDatabase) => {
  let store: StateStore;
  before(async () => {
    store = await openStateStore(await freshDatabase());
  });
  after(async () => {
    await store.close();
  });

  const cases: { name: string; field: string; broken: (held: HeldRecord) => HeldRecord }[] = [
    { name: 'a null marker', field: 'marker', broken: (held) => ({ ...held, marker: null as unknown as string }) },
    { name: 'a numeric marker', field: 'marker', broken: (held) => ({ ...held, marker: 20250101 as unknown as string }) },
  ];
  for (const { name, field, broken } of cases) {
    it(`${name}: a typed error naming dossier, entity, record and field; nothing committed`, async () => {
      const source = sourceWith(broken);
      const engine = createDiffEngine({ store });
      const receiver = new MemoryReceiver();
      let failure: (Error & { code?: string }) | undefined;
      try {
        await engine.sync(source.adapter(), source.dossierId, { kind: 'full', receiver });
      } catch (error) {
        failure = error as Error & { code?: string };
      }
      expect(failure, 'the sync must fail').to.be.instanceOf(Error);
      expect(failure!.code).to.equal('ENGINE_SOURCE_ENVELOPE_INVALID');
      expect(failure!.message).to.include('ENVELOPE').and.include('entry').and.include('"E2"').and.include(field);
      expect(receiver.state.entry.size, 'nothing of the failed sync reached the platform').to.equal(0);
    });
  }

  it('the same source with the envelope repaired syncs whole afterwards', async () => {
    const source = sourceWith((held) => held);
    const receiver = new MemoryReceiver();
    await createDiffEngine({ store }).sync(source.adapter(), source.dossierId, { kind: 'full', receiver });
    expect([...receiver.state.entry.keys()].sort()).to.deep.equal(['E1', 'E2', 'E3']);
  });
});
