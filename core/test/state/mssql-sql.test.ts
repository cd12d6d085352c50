import { expect } from 'chai';
import knex, { Knex } from 'knex';
import { STATE_MIGRATIONS, StateRecords, Staging } from '../../src/state';
import { BucketDeltas } from '../../src/state/bucket-digests';

/**
 * No SQL Server runs here: the state store's statements are compiled with knex's mssql dialect
 * (a client whose driver call records the SQL instead of sending it) and checked for what SQL
 * Server needs. The live suites run on SQL Server when LEDGERSYNC_MSSQL_URL is set.
 */
function recordingMssql(): { db: Knex; statements: { sql: string; bindings: readonly unknown[] }[] } {
  const db = knex({ client: 'mssql', connection: { server: 'nowhere.invalid', userName: 'u', password: 'p', database: 'd' } });
  const statements: { sql: string; bindings: readonly unknown[] }[] = [];
  const client = db.client as unknown as Record<string, unknown>;
  client.acquireConnection = async () => ({});
  client.releaseConnection = async () => undefined;
  client._query = async (_connection: unknown, query: { sql: string; method?: string; bindings?: unknown[]; response?: unknown }) => {
    statements.push({ sql: query.sql, bindings: query.bindings ?? [] });
    // tedious rows: none for reads, a row count (`@@rowcount`) for writes
    query.response = query.method === 'select' || query.method === 'first' ? [] : [[{ metadata: { colName: '' }, value: 0 }]];
    return query;
  };
  return { db, statements };
}

describe('state store SQL on SQL Server (compiled with the mssql dialect)', () => {
  it('creates its tables with binary-collated nvarchar ids and nvarchar(max) texts', async () => {
    const { db, statements } = recordingMssql();
    for (const migration of STATE_MIGRATIONS) await migration.up(db);
    const ddl = statements.map((s) => s.sql).join('\n');
    expect(ddl).to.contain('CREATE TABLE [st_records]');
    expect(ddl).to.match(/\[record_id\] nvarchar\(190\) COLLATE Latin1_General_100_BIN2/);
    expect(ddl).to.contain('nvarchar(max)');
    expect(ddl).to.contain('bigint');
    expect(ddl).to.not.contain('`');
    expect(ddl).to.not.contain('longtext');
    expect(ddl).to.match(/alter table \[st_staged_plan\] add \[refs_json\] nvarchar\(max\)/i);
    expect(ddl).to.contain('CREATE INDEX [st_records_bucket] ON [st_records] ([dossier_id], [entity], [bucket], [fingerprint])');
    for (const table of ['st_refs', 'st_buckets', 'st_match_items', 'st_watermarks', 'st_changesets', 'st_staged_records', 'st_staged_plan', 'st_staged_items']) {
      expect(ddl).to.contain(`CREATE TABLE [${table}]`);
    }
    await db.destroy();
  });

  it('reads and stages with bracketed names, TOP/OFFSET paging and at most 2,100 parameters a statement', async () => {
    const { db, statements } = recordingMssql();
    const records = new StateRecords(db, 'BE0412345678');
    const staging = new Staging(db, 'changeset-1');
    const ids = Array.from({ length: 1200 }, (_, i) => `E${i}`);
    for await (const row of records.iterate('entry', { bits: 10, value: 3 })) void row;
    await records.byIds('entry', ids);
    await records.bucketDigests('entry', 15, { bits: 10, value: 7 });
    await records.dependants('entry', ids);
    await records.refsFrom('matching', ['M1']);
    await records.matchedItems(['E1', 'E2'], 'M9', 'changeset-1');
    await records.watermark('entry');
    await records.quarantined();
    await staging.put(ids.map((id) => ({ entity: 'entry' as const, id, origin: 'source' as const, bucket: 1, fingerprint: '0123456789abcdef', marker: 'm', digest: 'd', recordJson: '{}' })));
    await staging.planByIds('entry', ids);
    for await (const row of staging.planned('entry', 'upsert')) void row;
    await staging.putPlan(ids.map((id) => ({ entity: 'entry' as const, id, status: 'sent' as const, op: 'upsert' as const, errorJson: null })));
    await staging.stagedItems(['E1']);
    const deltas = new BucketDeltas();
    deltas.added('entry', 123_456_789, '0123456789abcdef');
    deltas.removed('entry', 4_000_000_000, 'fedcba9876543210');
    await deltas.write(db as unknown as Knex.Transaction, 'BE0412345678');
    await records.bucketDigests('entry', 1);
    expect(statements.length).to.be.greaterThan(10);
    for (const { sql, bindings } of statements) {
      expect(sql, sql).to.not.contain('`');
      expect(sql, sql).to.not.match(/\blimit\b/i);
      expect(bindings.length, sql).to.be.below(2100);
    }
    const paging = statements.find((s) => s.sql.includes('from [st_records]') && s.sql.includes('between'))!;
    expect(paging.sql).to.match(/select top \(@p\d+\) \[record_id\], .* from \[st_records\]/);
    expect(paging.sql).to.contain('order by [record_id] asc');
    const notStaged = statements.find((s) => s.sql.includes('from [st_match_items]'))!;
    expect(notStaged.sql).to.contain('not exists (select 1 from [st_staged_records] as [s]');
    expect(statements.filter((s) => s.sql.startsWith('insert into [st_staged_records]')).length).to.be.greaterThan(1);
    expect(statements.map((s) => s.sql)).to.include.members([
      'select [bucket], [count], [xor] from [st_buckets] where [dossier_id] = @p0 and [entity] = @p1 and [bucket] in (@p2, @p3)',
      'insert into [st_buckets] ([bucket], [count], [dossier_id], [entity], [xor]) values (@p0, @p1, @p2, @p3, @p4), (@p5, @p6, @p7, @p8, @p9)',
    ]);
    await db.destroy();
  });
});
