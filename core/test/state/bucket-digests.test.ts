import { expect } from 'chai';
import { createDiffEngine, MemoryReceiver } from '../../src/engine';
import { openStateStore } from '../../src/state';
import { entry, MutableSource, seedBasics } from '../engine/mutable-source';
import { forEachDatabase } from './databases';
import { expectStoredBucketsMatchRecords } from './stored-buckets';

forEachDatabase('stored bucket digests', (freshDatabase) => {
  it('follow every acknowledged page, and a store from before them is filled from its records when it migrates', async () => {
    const config = await freshDatabase();
    const source = new MutableSource('BUCKETS');
    source.advance();
    seedBasics(source);
    source.put('account', { id: '400000', name: 'Clients', reconcilable: true });
    for (let i = 0; i < 40; i++) source.put('entry', entry(`E${i}`, [{ accountId: '400000', amount: 100 + i }, { accountId: '400000', amount: -100 - i }]));
    let store = await openStateStore(config);
    try {
      const engine = createDiffEngine({ store });
      const receiver = new MemoryReceiver();
      await engine.sync(source.adapter(), source.dossierId, { kind: 'full', receiver, pageSize: 7 });
      await expectStoredBucketsMatchRecords(store, source.dossierId, 'after the full sync');
      source.advance();
      for (let i = 0; i < 40; i += 3) source.delete('entry', `E${i}`);
      for (let i = 1; i < 40; i += 5) source.put('entry', entry(`E${i}`, [{ accountId: '400000', amount: 7 }, { accountId: '400000', amount: -7 }]), i % 2 === 0);
      await engine.sync(source.adapter(), source.dossierId, { kind: 'incremental', receiver, pageSize: 7 });
      await expectStoredBucketsMatchRecords(store, source.dossierId, 'after deletes and silent changes');
      // back to a store of migration 002: no bucket table, records held
      await store.db.schema.dropTable('st_buckets');
      await store.db('st_migrations').where({ name: '003_state_bucket_digests' }).delete();
    } finally {
      await store.close();
    }
    store = await openStateStore(config);
    try {
      expect(await store.db('st_buckets').count({ n: '*' }).first()).to.satisfy((row: { n: number | string }) => Number(row.n) > 0);
      await expectStoredBucketsMatchRecords(store, source.dossierId, 'after migrating');
    } finally {
      await store.close();
    }
  });
});
