import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { bucketOf, BucketRange, ENTITIES, EntityName } from '@ledgersync/sdk';
import { BusinessCentralAdapter, ChangeTrackingLog, digestsPageQuery, ENTITY_SOURCES, EntitySource, parseConfiguration, readPageQuery, TRACKED_TABLES } from '../src';
import { collect, compile, context, placeholders, rowversion } from './helpers';
import { scriptedSqlServer } from './scripted-sql-server';

const source = (entity: EntityName) => ENTITY_SOURCES[entity] as EntitySource<EntityName>;
const SINCE = '00000000000007d0';
/** SQL Server's limit of parameters per statement (RPC call). */
const MAX_PARAMETERS = 2100;
/** The bucket of an id as compiled: `bucketSql` of `[id]` or `[r].[id]`, at the width its divisor gives. */
const BUCKET = /CAST\(SUBSTRING\(HASHBYTES\('MD5', CONVERT\(varchar\(4000\), (?:\[r\]\.)?\[id\] COLLATE Latin1_General_100_BIN2_UTF8\)\), 1, 4\) AS BIGINT\) \/ (?:\d+|CAST\(\d+ AS BIGINT\))/g;
/** A bucket compared with an IN list of inlined integers (the divisor 2^31, at 1 bit, cast to BIGINT so the division stays integer). */
const IN_LIST = /AS BIGINT\) \/ (?:(\d+)|CAST\((\d+) AS BIGINT\)) IN \(([\d, ]+)\)/g;

/** 100 distinct buckets of `bits` (37 is odd, so i * 37 runs through distinct values mod 2^bits), as the engine sends at most. */
const hundred = (bits: number): BucketRange[] => Array.from({ length: 100 }, (_, i) => ({ bits, value: (i * 37) % 2 ** bits }));

/** The IN lists of the compiled SQL: per list, the divisor (2^(32-bits)) and the values. */
function inLists(sql: string): { divisor: number; values: number[] }[] {
  return [...sql.matchAll(IN_LIST)].map(([, bare, cast, values]) => ({ divisor: Number(bare ?? cast), values: values.split(', ').map(Number) }));
}

/** What SQL Server decides for an id under the compiled (ORed) IN lists: MD5 over the UTF-8 bytes, first 4 bytes, integer-divided. */
function sqlKeeps(sql: string, id: string): boolean {
  const head = createHash('md5').update(Buffer.from(id, 'utf8')).digest().readUInt32BE(0);
  return inLists(sql).some(({ divisor, values }) => values.includes(Math.floor(head / divisor)));
}

const IDS = Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? `INV${i}|2025-01-08|${i}` : i % 3 === 1 ? `C:${10000 + i}` : `Café ${i} 日本`));

describe('business-central: bucket lists (ranges) in read and digests, compiled SQL', () => {
  it('read({ranges}): one bucket computation, IN the given values (de-duplicated, in order) at their width, written as integers', () => {
    const ranges = [5, 1, 2, 5, 7].map((value) => ({ bits: 3, value }));
    const { sql, bindings } = compile(readPageQuery(context(), source('entry'), { ranges, limit: 500 }));
    expect(sql.match(BUCKET)).to.have.length(1);
    expect(sql).to.contain("CAST(SUBSTRING(HASHBYTES('MD5', CONVERT(varchar(4000), [id] COLLATE Latin1_General_100_BIN2_UTF8)), 1, 4) AS BIGINT) / 536870912 IN (1, 2, 5, 7)");
    // the filter sits on the page of ids, before grouping, like a single range
    expect(sql).to.match(/select top \(@p\d+\) \[id\], max\(\[ts\]\) as \[ts\] from \[r\] where CAST\(.* IN \(1, 2, 5, 7\) group by \[id\] order by \[id\] COLLATE Latin1_General_100_BIN2\)/);
    expect(sql).not.to.match(/ OR /);
    // the same listing over the whole key space (a bucket list is always one pass over the rows, never cut on a table key)
    expect(bindings).to.deep.equal(compile(readPageQuery(context(), source('entry'), { ranges: [{ bits: 0, value: 0 }], limit: 500 })).bindings);
    expect(placeholders(sql)).to.equal(bindings.length);
  });

  it('read({ranges}) with since and a cursor: the same IN list, marker and id bound, (marker, id) order', () => {
    const after = { marker: SINCE, id: 'D1|2025-01-08|5' };
    const { sql, bindings } = compile(readPageQuery(context(), source('entry'), { since: SINCE, ranges: [{ bits: 8, value: 200 }, { bits: 8, value: 17 }], after, limit: 100 }));
    expect(sql).to.contain('/ 16777216 IN (17, 200) and [ts] < MIN_ACTIVE_ROWVERSION() group by [id] having MAX([ts]) >= CONVERT(binary(8), @p');
    expect(sql).to.contain('order by MAX([ts]), [id] COLLATE Latin1_General_100_BIN2)');
    expect(bindings).to.include.members([SINCE, after.id]);
    expect(placeholders(sql)).to.equal(bindings.length);
  });

  it('digests({bits, ranges}): one GROUP BY bucket aggregate at bits, the rows kept by one IN list at the coarser width', () => {
    const ranges = [{ bits: 8, value: 250 }, { bits: 8, value: 3 }, { bits: 8, value: 17 }];
    const { sql, bindings } = compile(digestsPageQuery(context(), source('entry'), { bits: 16, ranges, afterBucket: 800, limit: 1000 }));
    expect(sql).to.contain('/ 65536 AS [bucket] from [r] where');
    expect(sql).to.contain("[r].[id] COLLATE Latin1_General_100_BIN2_UTF8)), 1, 4) AS BIGINT) / 16777216 IN (3, 17, 250)");
    expect(inLists(sql)).to.deep.equal([{ divisor: 16777216, values: [3, 17, 250] }]);
    expect(sql.match(/group by/g)).to.have.length(1);
    expect(sql).to.match(/group by \[bucket\] order by \[bucket\] asc$/);
    expect(bindings).to.include.members([800, 1000]);
    expect(placeholders(sql)).to.equal(bindings.length);
  });

  it('the compiled IN lists keep exactly the ids whose bucketOf is listed, at one width and at mixed widths', () => {
    const leaves = [...new Set(IDS.slice(0, 40).map((id) => bucketOf(id, 10)))].map((value) => ({ bits: 10, value }));
    for (const ranges of [leaves, hundred(7), [{ bits: 1, value: 1 }, ...leaves.slice(0, 5), { bits: 4, value: 3 }], [{ bits: 32, value: bucketOf(IDS[7], 32) }]]) {
      const inAny = (id: string) => ranges.some((range) => bucketOf(id, range.bits) === range.value);
      const queries = [readPageQuery(context(), source('entry'), { ranges, limit: 10 })];
      if (ranges.every((range) => range.bits < 32)) queries.push(digestsPageQuery(context(), source('entry'), { bits: 32, ranges, limit: 10 }));
      for (const query of queries) {
        const { sql } = compile(query);
        for (const id of IDS) expect(sqlKeeps(sql, id), `${id} in ${JSON.stringify(ranges).slice(0, 80)}`).to.equal(inAny(id));
      }
    }
  });

  it('mixed widths: one IN list per width, ORed inside parentheses; a width of 0 is every id', () => {
    const ranges = [{ bits: 10, value: 1023 }, { bits: 1, value: 0 }, { bits: 10, value: 4 }];
    const { sql, bindings } = compile(readPageQuery(context(), source('account'), { ranges, limit: 10 }));
    expect(sql.match(BUCKET)).to.have.length(2);
    expect(sql).to.match(/where \(CAST\(.* \/ CAST\(2147483648 AS BIGINT\) IN \(0\) OR CAST\(.* \/ 4194304 IN \(4, 1023\)\) group by \[id\]/);
    expect(placeholders(sql)).to.equal(bindings.length);
    const whole = compile(readPageQuery(context(), source('account'), { ranges: [{ bits: 0, value: 0 }, { bits: 3, value: 1 }], limit: 10 })).sql;
    expect(whole.match(BUCKET)).to.equal(null);
    expect(whole).to.equal(compile(readPageQuery(context(), source('account'), { limit: 10 })).sql);
  });

  it('an empty list is 1 = 0: no record, no bucket', () => {
    const read = compile(readPageQuery(context(), source('entry'), { ranges: [], limit: 10 })).sql;
    expect(read).to.contain('from [r] where 1 = 0 group by [id]');
    const readSince = compile(readPageQuery(context(), source('entry'), { since: SINCE, ranges: [], limit: 10 })).sql;
    expect(readSince).to.contain('from [r] where 1 = 0 and [ts] < MIN_ACTIVE_ROWVERSION() group by [id]');
    const digests = compile(digestsPageQuery(context(), source('entry'), { bits: 8, ranges: [], limit: 10 })).sql;
    expect(digests).to.contain('AS [bucket] from [r] where 1 = 0)');
  });

  it('100 ranges (the engine\'s most per call): every entity\'s statements stay far below 2,100 parameters, the same count as without a list', () => {
    const reconcilableAccounts = Array.from({ length: 50 }, (_, i) => String(2300 + i));
    for (const entity of ENTITIES) {
      for (const ctx of [context(), context({ reconcilableAccounts })]) {
        const statements = [
          [readPageQuery(ctx, source(entity), { ranges: hundred(10), limit: 1000 }), readPageQuery(ctx, source(entity), { ranges: [{ bits: 0, value: 0 }], limit: 1000 })],
          [
            readPageQuery(ctx, source(entity), { since: SINCE, ranges: hundred(10), after: { marker: SINCE, id: '0000000001|x|2025-01-01' }, limit: 1000 }),
            readPageQuery(ctx, source(entity), { since: SINCE, ranges: [{ bits: 0, value: 0 }], after: { marker: SINCE, id: '0000000001|x|2025-01-01' }, limit: 1000 }),
          ],
          [digestsPageQuery(ctx, source(entity), { bits: 16, ranges: hundred(10), afterBucket: 5, limit: 1000 }), digestsPageQuery(ctx, source(entity), { bits: 16, afterBucket: 5, limit: 1000 })],
        ];
        for (const [withList, without] of statements) {
          const { sql, bindings } = compile(withList);
          expect(inLists(sql), entity).to.have.length(1);
          expect(inLists(sql)[0].values, entity).to.have.length(100);
          expect(placeholders(sql), entity).to.equal(bindings.length);
          expect(bindings.length, entity).to.be.below(MAX_PARAMETERS / 10);
          expect(bindings.length, entity).to.equal(compile(without).bindings.length);
        }
      }
    }
    // the contract does not bound the list: 4,096 buckets still make one statement with no more parameters
    const all = compile(readPageQuery(context(), source('entry'), { ranges: Array.from({ length: 4096 }, (_, value) => ({ bits: 12, value })), limit: 10 }));
    expect(inLists(all.sql)[0].values).to.have.length(4096);
    expect(all.bindings.length).to.be.below(10);
  });

  it('refuses buckets that do not exist, widths out of 0..32, non-integers, and digest lists not coarser than bits, before any SQL is built', () => {
    const read = (ranges: BucketRange[]) => () => readPageQuery(context(), source('account'), { ranges, limit: 10 });
    expect(read([{ bits: 2, value: 4 }])).to.throw(RangeError);
    expect(read([{ bits: 3, value: -1 }])).to.throw(RangeError);
    expect(read([{ bits: 3, value: 1.5 }])).to.throw(RangeError);
    expect(read([{ bits: 33, value: 0 }])).to.throw(RangeError);
    expect(read([{ bits: 0, value: 1 }])).to.throw(RangeError);
    expect(read([{ bits: 3, value: '1) OR (1 = 1' as unknown as number }])).to.throw(RangeError);
    expect(read([{ bits: Number.NaN, value: 0 }])).to.throw(RangeError);
    expect(() => digestsPageQuery(context(), source('account'), { bits: 8, ranges: [{ bits: 4, value: 1 }, { bits: 8, value: 1 }], limit: 10 })).to.throw(RangeError);
    expect(() => digestsPageQuery(context(), source('account'), { bits: 8, ranges: [{ bits: 4, value: 16 }], limit: 10 })).to.throw(RangeError);
  });
});

describe('business-central: bucket lists through the adapter (scripted SQL Server)', () => {
  const opened: { destroy(): Promise<void> }[] = [];
  after(() => Promise.all(opened.map((db) => db.destroy())));

  function adapterAnswering(answer: (sql: string) => Record<string, unknown>[]) {
    const dossier = { name: 'CRONUS BV', vat: 'BE0412345678', country: 'BE', currency: 'EUR' };
    const server = scriptedSqlServer((sql) => (sql.includes('Company Information]') ? [dossier] : answer(sql)));
    opened.push(server.db);
    const config = { server: 'sql01', database: 'BC230', user: 'ledgersync', password: 'Sup3r$ecret', company: 'CRONUS', pageSize: 2 };
    return { adapter: new BusinessCentralAdapter(server.db, parseConfiguration(config), new ChangeTrackingLog(TRACKED_TABLES)), statements: server.statements };
  }

  it('declares bucketLists', () => {
    const { adapter } = adapterAnswering(() => []);
    expect(adapter.capabilities().bucketLists).to.equal(true);
  });

  it('read({ranges}) is one listing: every page carries the same IN list, the next page resumes behind the last id', async () => {
    const account = (id: string) => ({ id, ts: rowversion(7), seq: 0, name: id, reconcilable: 0, fp_hi: '1', fp_lo: '2', record_ts: rowversion(7) });
    const pages = [[account('1000'), account('2310')], [account('9999')]];
    const { adapter, statements } = adapterAnswering(() => pages.shift() ?? []);
    const ranges = [{ bits: 10, value: 900 }, { bits: 10, value: 12 }];
    const records = await collect(adapter.read('CRONUS', 'account', { ranges }));
    expect(records.map((r) => [r.id, r.cursor])).to.deep.equal([['1000', '["1000"]'], ['2310', '["2310"]'], ['9999', '["9999"]']]);
    const reads = statements.filter((s) => s.sql.includes('[record_ts]'));
    expect(reads).to.have.length(2);
    for (const read of reads) expect(inLists(read.sql)).to.deep.equal([{ divisor: 4194304, values: [12, 900] }]);
    expect(reads[1].bindings).to.include('2310');
  });

  it('digests({bits, ranges}) is one statement for all the buckets, answered in bucket order', async () => {
    const { adapter, statements } = adapterAnswering((sql) => (sql.includes('[bucket]') ? [{ bucket: 70, n: 1, x_hi: 1, x_lo: 2 }] : []));
    const digests = await collect(adapter.digests('CRONUS', 'entry', { bits: 12, ranges: hundred(6) }));
    expect(digests).to.deep.equal([{ bucket: 70, count: 1, xor: '0000000100000002' }]);
    const asked = statements.filter((s) => s.sql.includes('[bucket]'));
    expect(asked).to.have.length(1);
    expect(inLists(asked[0].sql)).to.have.length(1);
    expect(inLists(asked[0].sql)[0].divisor).to.equal(2 ** 26);
    expect(inLists(asked[0].sql)[0].values).to.deep.equal([...new Set(hundred(6).map((r) => r.value))].sort((a, b) => a - b));
  });
});
