import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStateStore, StateStore } from '../../src/state';
import { selectInSql } from '../../src/state/sqlite-statements';

/**
 * SQLite picks its plans without statistics (the store never runs ANALYZE), so a plan is fixed by
 * the schema and the SQL: a statement that walks a dossier's records here walks them at any size.
 */
describe('state store on SQLite: query plans', () => {
  let directory: string;
  let store: StateStore;

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'ledgersync-plans-'));
    store = await openStateStore({ client: 'sqlite', filename: join(directory, 'state.sqlite') });
  });

  afterEach(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const row = (entity: string, id: string, status: string) => ({
    dossier_id: 'D1',
    entity,
    record_id: id,
    bucket: 0,
    fingerprint: '0000000000000000',
    marker: 'm',
    digest: 'd',
    status,
    record_json: '{}',
    error_json: status === 'quarantined' ? JSON.stringify([{ code: 'SCHEMA', dossierId: 'D1', entity, recordId: id, field: 'f', message: `bad ${id}` }]) : null,
  });

  type Statement = { sql: string; bindings: readonly unknown[] };

  /** Every statement knex sends from now on. */
  const recordStatements = (): Statement[] => {
    const statements: Statement[] = [];
    store.db.on('query', (query: { sql: string; bindings?: unknown[] }) => statements.push({ sql: query.sql, bindings: query.bindings ?? [] }));
    return statements;
  };

  /** SQLite's plan for a statement, its steps joined by ` | `. */
  const planOf = async ({ sql, bindings }: Statement): Promise<string> =>
    ((await store.db.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings as never[])) as { detail: string }[]).map((r) => r.detail).join(' | ');

  /** The plan of the first recorded statement reading `table`. */
  const planReading = (statements: readonly Statement[], table: string): Promise<string> =>
    planOf(statements.find((s) => s.sql.toLowerCase().includes(`from \`${table}\``))!);

  it('lists quarantined records through the status index, in entity and id order', async () => {
    await store.db('st_records').insert([row('entry', 'b', 'quarantined'), row('entry', 'a', 'sent'), row('account', 'z', 'quarantined'), row('entry', 'B', 'quarantined')]);
    const statements = recordStatements();
    const errors = await store.records('D1').quarantined();
    expect(errors.map((e) => `${e.entity}/${e.recordId}`)).to.deep.equal(['account/z', 'entry/B', 'entry/b']);
    // ordering in SQL made SQLite walk the dossier's records in primary-key order, filtering on status
    expect(await planReading(statements, 'st_records')).to.contain('st_records_status');
  });

  it('finds the amounts earlier matchings take off some entries through the entry index, not every earlier matching', async () => {
    const items = Array.from({ length: 40 }, (_, i) => ({ dossier_id: 'D1', matching_id: `M${String(i).padStart(3, '0')}`, entry_id: `E${i % 10}`, line: 1, amount: 5 }));
    await store.db('st_match_items').insert(items);
    const statements = recordStatements();
    const found = await store.records('D1').matchedItems(['E3', 'E7'], 'M020', 'C1');
    expect(found.map((i) => i.matchingId).sort()).to.deep.equal(['M003', 'M007', 'M013', 'M017']);
    // with `matching_id < ?` in SQL, SQLite ranged over the matching index: every item of every
    // earlier matching (175 ms a call at 5M lines, against 0.1 ms through the entries)
    expect(await planReading(statements, 'st_match_items')).to.contain('st_match_items_line');
  });

  it('computes digests finer than the stored ones from the bucket index alone', async () => {
    await store.db('st_records').insert([row('entry', 'a', 'sent'), { ...row('entry', 'b', 'sent'), bucket: 5_000_000, fingerprint: '00000000000000ff' }]);
    const statements = recordStatements();
    // 5,000,000 lies in the second stored bucket (2^22 ids wide); at 15 bits it is bucket 5,000,000 >> 17 = 38
    const digests = await store.records('D1').bucketDigests('entry', 15, { bits: 10, value: 1 });
    expect([...digests]).to.deep.equal([[38, { count: 1, xor: '00000000000000ff' }]]);
    // without the fingerprint in the index, each record of the bucket was a read of its table row
    expect(await planReading(statements, 'st_records')).to.contain('COVERING INDEX st_records_bucket');
  });

  it('looks up the records leaving the state by primary key, not by a scan of the bucket index', async () => {
    await store.db('st_records').insert([row('entry', 'a', 'sent'), row('entry', 'b', 'sent')]);
    // the statement applyRecords runs for the bucket and fingerprint of the records it replaces
    const sql = selectInSql('st_records', ['dossier_id', 'entity'], 'record_id', ['bucket', 'fingerprint']);
    // with the id in the bucket index, SQLite scanned the entity's whole index (a Bloom filter over every record)
    expect(await planOf({ sql, bindings: ['D1', 'entry', '["a"]'] })).to.match(/sqlite_autoindex_st_records_1 \(dossier_id=\? AND entity=\? AND record_id=\?\)/);
  });
});
