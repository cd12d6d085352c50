import { expect } from 'chai';
import { EntityName } from '@ledgersync/sdk';
import {
  BcTable, BcTableKey, CompanyTables, createTableStatement, currentVersionQuery, deletionsQuery, digestsPageQuery, dossierQuery, enableChangeTrackingStatements,
  ENTITY_SOURCES, EntitySource, InvalidMarkerError, keysPageQuery, minValidVersionQuery, probeQuery, readPageQuery, TRACKED_TABLES, trackedTablesQuery, versionAtMarkerQuery,
} from '../src';
import { compile, context, mssql, placeholders } from './helpers';

const source = (entity: EntityName) => ENTITY_SOURCES[entity] as EntitySource<EntityName>;
const SINCE = '00000000000007d0';
const BIN2 = 'COLLATE Latin1_General_100_BIN2';

/** Every company table an entity reads is bracket-quoted with its company prefix. */
const TABLES_OF: Record<EntityName, BcTableKey[]> = {
  fiscalYear: ['accountingPeriod'],
  period: ['accountingPeriod'],
  journal: ['sourceCode', 'genJournalTemplate'],
  account: ['glAccount', 'customerPostingGroup', 'vendorPostingGroup'],
  counterparty: ['customer', 'vendor'],
  entry: ['glEntry', 'accountingPeriod'],
  matching: ['detailedCustEntry', 'custLedgerEntry', 'detailedVendorEntry', 'vendorLedgerEntry', 'glEntry', 'customerPostingGroup', 'vendorPostingGroup'],
};

describe('business-central: compiled SQL (mssql dialect)', () => {
  for (const entity of Object.keys(TABLES_OF) as EntityName[]) {
    it(`${entity}: read by id reads its BC tables, quoted, with the fingerprint over id, seq and content`, () => {
      const { sql, bindings } = compile(readPageQuery(context(), source(entity), { limit: 500 }));
      for (const table of TABLES_OF[entity]) expect(sql).to.contain(`[CRONUS$${BcTable[table]}]`);
      expect(sql).to.contain(`CONCAT(DATALENGTH(CAST([f].[id] AS nvarchar(max))), N':', [f].[id], N'|', DATALENGTH(CAST([f].[seq] AS nvarchar(max))), N':', [f].[seq]`);
      for (const column of ENTITY_SOURCES[entity].content) expect(sql).to.contain(`[f].[${column}]`);
      if (entity === 'entry') {
        // cut on G/L Entry's Transaction No. key (test/defects.test.ts): ids begin with it, so this is id order
        expect(sql).to.match(/select top \(@p\d+\) t\.\[Transaction No_\] AS \[k\], MAX\(t\.\[timestamp\]\) AS \[ts\] from \[CRONUS\$G_L Entry\] AS t group by t\.\[Transaction No_\] order by t\.\[Transaction No_\]\)/);
        expect(sql).to.match(/order by \[r\]\.\[id\] COLLATE Latin1_General_100_BIN2, \[r\]\.\[seq\]$/);
      } else {
        expect(sql).to.match(/select top \(@p\d+\) \[id\], max\(\[ts\]\) as \[ts\] from \[r\] group by \[id\] order by \[id\] COLLATE Latin1_General_100_BIN2\)/);
        expect(sql).to.match(/order by \[p\]\.\[id\] COLLATE Latin1_General_100_BIN2, \[r\]\.\[seq\]$/);
      }
      expect(bindings).to.include(500);
      expect(placeholders(sql)).to.equal(bindings.length);
    });
  }

  it('read since a marker: groups by record, keeps records whose highest rowversion is >= since, orders by (marker, id)', () => {
    const { sql, bindings } = compile(readPageQuery(context(), source('matching'), { since: SINCE, limit: 100 }));
    expect(sql).to.contain('having MAX([ts]) >= CONVERT(binary(8), @p');
    expect(sql).to.contain(`order by MAX([ts]), [id] ${BIN2})`);
    expect(sql).to.match(/order by \[p\]\.\[ts\], \[p\]\.\[id\] COLLATE Latin1_General_100_BIN2, \[r\]\.\[seq\]$/);
    expect(bindings).to.include(SINCE);
    expect(sql).not.to.contain(SINCE);
    // the engine's empty marker ("nothing seen yet") reads from the first rowversion
    expect(compile(readPageQuery(context(), source('matching'), { since: '', limit: 100 })).bindings).to.include('0000000000000000');
    expect(compile(readPageQuery(context(), source('entry'), { since: '', limit: 100 })).bindings).to.include('0000000000000000');
  });

  it('read within a bucket and after a cursor binds the bucket, marker and id', () => {
    const after = { marker: SINCE, id: "INV'1|2025-01-08|7" };
    const { sql, bindings } = compile(readPageQuery(context(), source('entry'), { since: SINCE, range: { bits: 4, value: 3 }, after, limit: 100 }));
    expect(sql).to.contain("CAST(SUBSTRING(HASHBYTES('MD5', CONVERT(varchar(4000), [id] COLLATE Latin1_General_100_BIN2_UTF8)), 1, 4) AS BIGINT) / 268435456 = @p");
    expect(sql).to.contain(`(MAX([ts]) > CONVERT(binary(8), @p`);
    expect(sql).to.contain(`[id] ${BIN2} > @p`);
    expect(bindings).to.include.members([3, SINCE, after.id]);
    expect(sql).not.to.contain("INV'1");
    expect(placeholders(sql)).to.equal(bindings.length);
    const byId = compile(readPageQuery(context(), source('account'), { after: { id: '2310' }, limit: 10 }));
    expect(byId.sql).to.contain(`where [id] ${BIN2} > @p`);
    expect(byId.bindings).to.include('2310');
  });

  it('refuses markers and buckets that are not what they claim, before any SQL is built', () => {
    expect(() => readPageQuery(context(), source('account'), { since: "0'; DROP TABLE x; --", limit: 10 })).to.throw(InvalidMarkerError);
    expect(() => readPageQuery(context(), source('account'), { since: SINCE, after: { marker: 'zz', id: 'a' }, limit: 10 })).to.throw(InvalidMarkerError);
    expect(() => readPageQuery(context(), source('account'), { range: { bits: 2, value: 4 }, limit: 10 })).to.throw(RangeError);
    expect(() => digestsPageQuery(context(), source('account'), { bits: 40, limit: 10 })).to.throw(RangeError);
    expect(() => digestsPageQuery(context(), source('account'), { bits: 4, within: { bits: 4, value: 1 }, limit: 10 })).to.throw(RangeError);
  });

  it('keys: id, highest rowversion and the XOR of row fingerprints, one aggregate per id, in id order', () => {
    const { sql, bindings } = compile(keysPageQuery(context(), source('entry'), { range: { bits: 8, value: 200 }, afterId: 'X|2025-01-01|1', limit: 1000 }));
    expect(sql).to.contain('select top (@p');
    expect(sql).to.contain('max([ts]) as [ts]');
    expect(sql).to.contain('(SUM([fp_hi] & CAST(2147483648 AS BIGINT)) / 2147483648) % 2 * 2147483648) AS [x_hi]');
    expect(sql).to.contain('(SUM([fp_lo] & CAST(1 AS BIGINT)) / 1) % 2 * 1 + ');
    expect(sql).to.contain('/ 16777216 = @p');
    expect(sql).to.match(/group by \[id\] order by \[id\] COLLATE Latin1_General_100_BIN2$/);
    expect(bindings).to.include.members([200, 'X|2025-01-01|1', 1000]);
  });

  it('digests level 1 and level 2: one GROUP BY bucket aggregate, records counted once, the finer level within the coarser bucket', () => {
    const level1 = compile(digestsPageQuery(context(), source('entry'), { bits: 8, limit: 1000 }));
    expect(level1.sql).to.contain('/ 16777216 AS [bucket] from [r])');
    expect(level1.sql).to.contain('COUNT(DISTINCT [id]) AS [n]');
    expect(level1.sql).to.match(/group by \[bucket\] order by \[bucket\] asc$/);
    expect(level1.sql.match(/group by/g)).to.have.length(1);
    const level2 = compile(digestsPageQuery(context(), source('entry'), { bits: 16, within: { bits: 8, value: 17 }, afterBucket: 4400, limit: 1000 }));
    expect(level2.sql).to.contain('/ 65536 AS [bucket] from [r] where');
    expect(level2.sql).to.contain('[r].[id] COLLATE Latin1_General_100_BIN2_UTF8)), 1, 4) AS BIGINT) / 16777216 = @p');
    expect(level2.sql).to.contain('where [bucket] > @p');
    expect(level2.bindings).to.include.members([17, 4400, 1000]);
  });

  it('reconcilable accounts: from the posting groups by default, else the configured list as bound parameters', () => {
    const fromGroups = compile(readPageQuery(context(), source('account'), { limit: 10 }));
    expect(fromGroups.sql).to.contain('a.[No_] IN (SELECT [Receivables Account] FROM [CRONUS$Customer Posting Group] UNION SELECT [Payables Account] FROM [CRONUS$Vendor Posting Group])');
    const listed = compile(readPageQuery(context({ reconcilableAccounts: ['2310', "'; DROP TABLE x; --"] }), source('account'), { limit: 10 }));
    expect(listed.sql).to.match(/a\.\[No_\] IN \(@p\d+, @p\d+\)/);
    expect(listed.sql).not.to.contain('DROP');
    expect(listed.bindings).to.include.members(['2310', "'; DROP TABLE x; --"]);
  });

  it('amounts become integer cents and dates ISO text inside SQL Server', () => {
    const entries = compile(readPageQuery(context(), source('entry'), { limit: 10 })).sql;
    expect(entries).to.contain('CAST(ROUND(g.[Amount] * 100, 0) AS BIGINT) AS amount_cents');
    expect(entries).to.contain('CONVERT(char(10), g.[Posting Date], 23) AS posting_date');
    const matchings = compile(readPageQuery(context(), source('matching'), { limit: 10 })).sql;
    expect(matchings).to.contain('gl.line, -CAST(ROUND(d.[Amount (LCY)] * 100, 0) AS BIGINT))');
    expect(matchings).to.contain('WHERE d.[Unapplied] = 0 AND d.[Entry Type] IN (2, 5,');
  });

  it('counterparty prefixes are bound parameters, plain when configured so', () => {
    const prefixed = compile(readPageQuery(context(), source('counterparty'), { limit: 10 }));
    expect(prefixed.bindings.slice(0, 2)).to.deep.equal(['C:', 'V:']);
    const plain = compile(readPageQuery(context({ prefixCounterpartyIds: false }), source('counterparty'), { limit: 10 }));
    expect(plain.bindings.slice(0, 2)).to.deep.equal(['', '']);
  });

  it('BC14+ tables carry the app-id suffix everywhere', () => {
    const tables = new CompanyTables('CRONUS', '437dbf0e-84ff-417a-965d-ed2bb9650972');
    const { sql } = compile(readPageQuery(context({ tables }), source('matching'), { limit: 10 }));
    expect(sql).to.contain('[CRONUS$Detailed Cust_ Ledg_ Entry$437dbf0e-84ff-417a-965d-ed2bb9650972]');
    expect(sql).to.contain('[CRONUS$G_L Entry$437dbf0e-84ff-417a-965d-ed2bb9650972]');
    expect(sql).not.to.match(/\[CRONUS\$[^\]$]+\]/);
  });

  it('change tracking: enabled tables, min valid version by bound object name, the version at a rowversion marker, deletions through CHANGETABLE with a BIGINT variable', () => {
    const enabled = compile(trackedTablesQuery(mssql, new CompanyTables('CRONUS')));
    expect(enabled.sql).to.contain('from [sys].[change_tracking_tables] as [ctt] inner join [sys].[tables] as [t]');
    expect(enabled.bindings).to.deep.equal(TRACKED_TABLES.map((table) => `CRONUS$${BcTable[table.table]}`));
    const minValid = compile(minValidVersionQuery(mssql, 'CRONUS$Customer'));
    expect(minValid.sql).to.equal('SELECT CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(@p0)) AS [min_valid]');
    expect(minValid.bindings).to.deep.equal(['[dbo].[CRONUS$Customer]']);
    expect(compile(currentVersionQuery(mssql)).sql).to.equal('SELECT CHANGE_TRACKING_CURRENT_VERSION() AS [current_version]');
    const customers = TRACKED_TABLES.find((table) => table.table === 'customer')!;
    const deletions = compile(deletionsQuery(context(), customers, 41n));
    expect(deletions.sql).to.match(/^DECLARE @last_sync_version BIGINT = CAST\(@p0 AS BIGINT\);/);
    expect(deletions.sql).to.contain("FROM CHANGETABLE(CHANGES [CRONUS$Customer], @last_sync_version) AS ct");
    expect(deletions.sql).to.contain("WHERE ct.[SYS_CHANGE_OPERATION] = 'D'");
    expect(deletions.sql).to.contain('CONVERT(binary(8), MIN_ACTIVE_ROWVERSION()) AS [dbts]');
    expect(deletions.bindings).to.deep.equal(['41', 'C:']);
    expect(placeholders(deletions.sql)).to.equal(deletions.bindings.length);
    const periods = TRACKED_TABLES.find((table) => table.table === 'accountingPeriod')!;
    expect(compile(deletionsQuery(context(), periods, 1n)).sql).to.contain('CONVERT(char(10), ct.[Starting Date], 23) AS [id]');
    const versionAt = compile(versionAtMarkerQuery(context(), periods, SINCE));
    expect(versionAt.sql).to.contain('FROM [CRONUS$Accounting Period] t CROSS APPLY CHANGETABLE(VERSION [CRONUS$Accounting Period], ([Starting Date]), (t.[Starting Date])) AS v');
    expect(versionAt.sql).to.contain('WHERE t.[timestamp] <= CONVERT(binary(8), @p0, 2)');
    expect(versionAt.bindings).to.deep.equal([SINCE]);
    const enable = enableChangeTrackingStatements(mssql, new CompanyTables('CRONUS'), 2).map((statement) => compile(statement).sql);
    expect(enable[0]).to.contain('ALTER DATABASE CURRENT SET CHANGE_TRACKING = ON (CHANGE_RETENTION = 2 DAYS, AUTO_CLEANUP = ON)');
    expect(enable).to.include('ALTER TABLE [CRONUS$Vendor] ENABLE CHANGE_TRACKING');
  });

  it('probe: row count and highest rowversion per table in one statement; dossier from Company Information and G/L Setup', () => {
    const probe = compile(probeQuery(mssql, new CompanyTables('CRONUS')));
    expect(probe.sql).to.contain('SELECT @p0 AS [tbl], COUNT_BIG(*) AS [n], MAX([timestamp]) AS [ts] FROM [CRONUS$G_L Entry]');
    expect(probe.sql.match(/UNION ALL/g)).to.have.length(13);
    const dossier = compile(dossierQuery(mssql, new CompanyTables('CRONUS')));
    expect(dossier.sql).to.contain('FROM [CRONUS$Company Information] ci CROSS JOIN [CRONUS$General Ledger Setup] gls');
  });

  it('schema creation: BC column types, the rowversion column, the primary key', () => {
    const { sql } = compile(createTableStatement(mssql, new CompanyTables('CRONUS'), 'glEntry'));
    expect(sql).to.match(/^CREATE TABLE \[CRONUS\$G_L Entry\] \(\[timestamp\] rowversion not null, \[Entry No_\] int not null/);
    expect(sql).to.contain('[Amount] decimal(38,20) not null');
    expect(sql).to.contain('[Posting Date] datetime not null');
    expect(sql).to.contain('PRIMARY KEY ([Entry No_])');
    const periods = compile(createTableStatement(mssql, new CompanyTables('CRONUS'), 'accountingPeriod')).sql;
    expect(periods).to.contain('PRIMARY KEY ([Starting Date])');
  });
});
