import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStateStore, StateStore } from '../../src/state';

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

  it('lists quarantined records through the status index, in entity and id order', async () => {
    await store.db('st_records').insert([row('entry', 'b', 'quarantined'), row('entry', 'a', 'sent'), row('account', 'z', 'quarantined'), row('entry', 'B', 'quarantined')]);
    const statements: { sql: string; bindings: unknown[] }[] = [];
    store.db.on('query', (query: { sql: string; bindings?: unknown[] }) => statements.push({ sql: query.sql, bindings: query.bindings ?? [] }));
    const errors = await store.records('D1').quarantined();
    expect(errors.map((e) => `${e.entity}/${e.recordId}`)).to.deep.equal(['account/z', 'entry/B', 'entry/b']);
    const [listing] = statements.filter((s) => /from `st_records`/i.test(s.sql));
    const plan = ((await store.db.raw(`EXPLAIN QUERY PLAN ${listing.sql}`, listing.bindings as never[])) as { detail: string }[]).map((r) => r.detail);
    // ordering in SQL made SQLite walk the dossier's records in primary-key order, filtering on status
    expect(plan.join(' | ')).to.contain('st_records_status');
  });
});
