import { expect } from 'chai';
import { openStateStore, STATE_MIGRATION_TABLE, STATE_MIGRATIONS, StateStore } from '../../src/state';
import { forEachDatabase } from './databases';

forEachDatabase('state store', (freshDatabase) => {
  it('migrates once, reopens without migrating again, and keeps ids apart by case, ordered by code point', async () => {
    const config = await freshDatabase();
    const first = await openStateStore(config);
    const staging = first.staging('cs-1');
    const row = (id: string) => ({ entity: 'account' as const, id, origin: 'source' as const, bucket: 4_000_000_000, fingerprint: 'ffffffffffffffff', marker: 'm', digest: 'd', recordJson: '{}' });
    await staging.put([row('abc'), row('ABC'), row('abd')]);
    await first.close();
    const second = await openStateStore(config);
    try {
      const found = await second.staging('cs-1').byIds('account', ['abc', 'ABC', 'abd', 'abe']);
      expect([...found.keys()].sort()).to.deep.equal(['ABC', 'abc', 'abd']);
      expect(found.get('abc')!.bucket).to.equal(4_000_000_000);
      const iterated: string[] = [];
      for await (const batch of second.staging('cs-1').iterate('account', 2)) iterated.push(...batch.map((r) => r.id));
      expect(iterated).to.deep.equal(['ABC', 'abc', 'abd']);
    } finally {
      await second.close();
    }
  });

  it('rebuilds the bucket index of a store from before migration 004 with the fingerprint, keeping its records', async () => {
    const config = await freshDatabase();
    let store = await openStateStore(config);
    const record = (id: string, bucket: number) => ({ dossier_id: 'D1', entity: 'entry', record_id: id, bucket, fingerprint: '0123456789abcdef', marker: 'm', digest: 'd', status: 'sent', record_json: '{}' });
    try {
      // back to a store of migration 003: the bucket index without the fingerprint, records held
      await STATE_MIGRATIONS.find((m) => m.name === '004_state_bucket_index_covering')!.down(store.db);
      await store.db(STATE_MIGRATION_TABLE).where({ name: '004_state_bucket_index_covering' }).delete();
      expect(await bucketIndexColumns(store)).to.deep.equal(['dossier_id', 'entity', 'bucket']);
      await store.db('st_records').insert([record('E1', 5_000_000), record('E2', 5_000_001)]);
    } finally {
      await store.close();
    }
    store = await openStateStore(config);
    try {
      expect(await bucketIndexColumns(store)).to.deep.equal(['dossier_id', 'entity', 'bucket', 'fingerprint']);
      const digests = await store.records('D1').bucketDigests('entry', 15, { bits: 10, value: 1 });
      expect([...digests]).to.deep.equal([[38, { count: 2, xor: '0000000000000000' }]]);
    } finally {
      await store.close();
    }
  });
});

/** The columns of `st_records_bucket`, in index order. */
async function bucketIndexColumns(store: StateStore): Promise<string[]> {
  if (String(store.db.client.config.client).startsWith('mysql')) {
    const [rows] = (await store.db.raw("SHOW INDEX FROM st_records WHERE Key_name = 'st_records_bucket'")) as [{ Column_name: string; Seq_in_index: number }[]];
    return rows.sort((a, b) => a.Seq_in_index - b.Seq_in_index).map((r) => r.Column_name);
  }
  const rows = (await store.db.raw("PRAGMA index_info('st_records_bucket')")) as { seqno: number; name: string }[];
  return rows.sort((a, b) => a.seqno - b.seqno).map((r) => r.name);
}
