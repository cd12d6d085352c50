import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { bucketOf, EntityName } from '@ledgersync/sdk';
import { bucketSql, deletionsQuery, ENTITY_SOURCES, EntitySource, readPageQuery, TRACKED_TABLES } from '../src';
import * as src from '../src';
import { compile, context, mssql, rowversion } from './helpers';

/*
 * Issue 14, Business Central: each defect as a test on what the package really does (see
 * test/facts for the AL sources). Every test here failed on the adapter before the fix.
 */
const source = (entity: EntityName) => ENTITY_SOURCES[entity] as EntitySource<EntityName>;
const SINCE = '00000000000007d0';
const mapping = { currency: 'EUR' };
const ts = rowversion;

/** One G/L row as the entry query returns it. */
const glRow = (overrides: Record<string, unknown> = {}) => ({
  id: '0000000052|103001|2025-01-08', k: 52, ts: ts(2000), seq: 310, journal_id: 'SALES', number: '103001', posting_date: '2025-01-08', closing: 0,
  period_id: '2025-01-01', fiscal_year_id: '2025-01-01', account_id: '2310', amount_cents: '151250', currency_code: '', currency_cents: '0', description: '', vat_code: '', counterparty_id: 'C:10000',
  ...overrides,
});

describe('business-central: issue 14 defects, as the base application behaves', () => {
  it('an incremental read stops below MIN_ACTIVE_ROWVERSION(): rows of transactions still open are read next time, not skipped', () => {
    for (const entity of ['entry', 'matching', 'counterparty'] as EntityName[]) {
      const { sql } = compile(readPageQuery(context(), source(entity), { since: SINCE, limit: 100 }));
      expect(sql, entity).to.match(/(\[timestamp\]|\[ts\]) < MIN_ACTIVE_ROWVERSION\(\)/);
    }
  });

  it('deletion markers are MIN_ACTIVE_ROWVERSION(), not @@DBTS: a watermark set from them stays below open transactions', () => {
    const customers = TRACKED_TABLES.find((table) => table.table === 'customer')!;
    const { sql } = compile(deletionsQuery(context(), customers, 41n));
    expect(sql).to.contain('CONVERT(binary(8), MIN_ACTIVE_ROWVERSION()) AS [dbts]');
    expect(sql).not.to.contain('@@DBTS');
  });

  it('entry pages are cut on G/L Entry\'s Transaction No. key with a seek predicate, not by HAVING MAX(timestamp) over a computed id', () => {
    const byId = compile(readPageQuery(context(), source('entry'), { after: { id: '0000000052|103001|2025-01-08' }, limit: 100 }));
    const page = /with \[p\] as \((.*?)\), \[r\] as/s.exec(byId.sql)?.[1] ?? '';
    expect(page).to.contain('from [CRONUS$G_L Entry] AS t where t.[Transaction No_] > @p');
    expect(page).to.contain('group by t.[Transaction No_] order by t.[Transaction No_]');
    expect(page).not.to.contain('HASHBYTES');
    expect(byId.bindings).to.include(52);
    expect(byId.sql).to.contain('inner join [p] on [p].[k] = [r].[k]');
    const since = compile(readPageQuery(context(), source('entry'), { since: SINCE, after: { marker: '00000000000007d5', id: '0000000052|103001|2025-01-08' }, limit: 100 }));
    const sincePage = /with \[p\] as \((.*?)\), \[r\] as/s.exec(since.sql)?.[1] ?? '';
    expect(sincePage).to.contain('where t.[timestamp] >= CONVERT(binary(8), @p');
    expect(sincePage).to.contain('t.[timestamp] < MIN_ACTIVE_ROWVERSION()');
    expect(sincePage).to.contain('having (MAX(t.[timestamp]) > CONVERT(binary(8), @p');
    expect(sincePage).to.contain('OR t.[Transaction No_] > @p');
    expect(since.bindings).to.include.members(['00000000000007d5', 52]);
    expect(since.bindings).not.to.include(SINCE); // behind the cursor, its marker is the lower bound
  });

  it('entry ids begin with the zero-padded Transaction No., so id order is the key order pages are cut in', () => {
    expect(src.entryIdSql('g')).to.contain("RIGHT(CONCAT(N'000000000', g.[Transaction No_]), 10)");
    const ids = [[9, 'B', '2025-01-02'], [52, 'A', '2025-01-08'], [100, 'A', '2025-01-01']].map(([t, d, date]) => src.entryIdOf(t as number, d as string, date as string));
    expect(ids).to.deep.equal(['0000000009|B|2025-01-02', '0000000052|A|2025-01-08', '0000000100|A|2025-01-01']);
    expect([...ids].sort()).to.deep.equal(ids);
  });

  it('an entry on a closing date (23:59:59) is kind closing, apart from the day\'s regular entries', () => {
    expect(compile(readPageQuery(context(), source('entry'), { limit: 10 })).sql).to.contain("CASE WHEN CONVERT(char(8), g.[Posting Date], 108) = '23:59:59' THEN 1 ELSE 0 END AS closing");
    const closing = ENTITY_SOURCES.entry.toRecord('0000000900|CLOSE2025|2025-12-31', [glRow({ closing: 1, posting_date: '2025-12-31', account_id: '8000' })], mapping);
    expect(closing.kind).to.equal('closing');
    expect(closing.date).to.equal('2025-12-31');
    expect(ENTITY_SOURCES.entry.toRecord('0000000052|103001|2025-01-08', [glRow()], mapping)).not.to.have.property('kind');
  });

  it('Report 93 writes NoOfPeriods + 1 periods: the trailing New Fiscal Year row bounds the year and is neither a year nor a period', () => {
    const periods = compile(readPageQuery(context(), source('period'), { limit: 10 })).sql;
    expect(periods).to.contain('WHERE NOT (n.new_year = 1 AND n.next_start IS NULL)');
    const years = compile(readPageQuery(context(), source('fiscalYear'), { limit: 10 })).sql;
    expect(years).to.contain('WHERE y.next_year IS NOT NULL OR EXISTS (SELECT 1 FROM [CRONUS$Accounting Period] later WHERE later.[Starting Date] > y.start_dt)');
  });

  it('a payment with a payment discount: the application, the discount and the payment\'s own G/L line settle the invoice in full and sum to zero', () => {
    const { sql } = compile(readPageQuery(context(), source('matching'), { limit: 10 }));
    expect(sql).to.contain('d.[Unapplied] = 0 AND d.[Entry Type] IN (2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17)');
    expect(sql).to.contain('WHERE x.[Transaction No_] = d.[Transaction No_]');
    // invoice 100.00; payment 98.00 with 2.00 discount; BC posts one receivables line of -100.00 in the payment's transaction
    const invoice = '0000000010|INV1|2025-01-08';
    const payment = '0000000020|PAY1|2025-02-01';
    const row = (seq: number, entryId: string, amount: string) => ({ id: 'C:20', ts: ts(seq), seq, match_date: '2025-02-01', entry_id: entryId, line: 1, amount_cents: amount });
    const matching = ENTITY_SOURCES.matching.toRecord('C:20', [
      row(200, invoice, '9800'), // Application on the invoice's ledger entry (-98.00, negated)
      row(202, invoice, '200'), // Payment Discount on the invoice's ledger entry (-2.00, negated) …
      row(203, payment, '-200'), // … and its counterpart on the payment transaction's receivables line
      row(204, payment, '-9800'), // Application on the payment's ledger entry (+98.00, negated)
    ], mapping);
    expect(matching.items).to.deep.equal([
      { entryId: invoice, line: 1, amount: 10000 },
      { entryId: payment, line: 1, amount: -10000 },
    ]);
    expect(matching.items.reduce((sum, item) => sum + item.amount, 0)).to.equal(0);
  });

  it('buckets without a UTF-8 collation (SQL Server before 2019): the UTF-8 bytes are built in T-SQL and agree with the sdk', () => {
    const { sql } = compile(mssql.select(bucketSql(mssql, 'id', 8, false)));
    expect(sql).not.to.contain('_UTF8');
    expect(sql).to.contain("FOR XML PATH(''), TYPE).value('.', 'varchar(max)')");
    const { UTF8_RANGES, evaluate } = src as unknown as { UTF8_RANGES: { low: number; high: number; bytes: unknown[] }[]; evaluate: (e: unknown, u: number, nx: number) => number };
    for (const id of ['400000', 'Café Sport', '日本語', 'emoji 🚀', '', 'ÅÄÖ|2025-01-01']) {
      const bytes: number[] = [];
      for (let i = 0; i < id.length; i++) {
        const u = id.charCodeAt(i);
        const nx = i + 1 < id.length ? id.charCodeAt(i + 1) : 0;
        const range = UTF8_RANGES.find((r) => u >= r.low && u <= r.high)!;
        for (const byte of range.bytes) bytes.push(evaluate(byte, u, nx));
      }
      expect(Buffer.from(bytes).equals(Buffer.from(id, 'utf8')), id).to.equal(true);
      const head = createHash('md5').update(Buffer.from(bytes)).digest().readUInt32BE(0);
      expect(Math.floor(head / 2 ** 24), id).to.equal(bucketOf(id, 8));
    }
  });

  it('employees are counterparties (Source Type 6, table 5200), type employee, with their IBAN', () => {
    const entries = compile(readPageQuery(context(), source('entry'), { limit: 10 }));
    expect(entries.sql).to.contain('WHEN 6 THEN CONCAT(@p');
    expect(entries.bindings).to.include('E:');
    const parties = compile(readPageQuery(context(), source('counterparty'), { limit: 10 }));
    expect(parties.sql).to.contain("'employee' AS type");
    expect(parties.sql).to.contain('[CRONUS$Employee]');
    const row = { id: 'E:EH', ts: ts(5), seq: 0, type: 'employee', name: 'Esther Huygens', vat: '', iban: 'NL91ABNA0417164300', email: 'esther@cronus.example', street: '', postal_code: '', city: 'Delft', country: 'NL' };
    expect(ENTITY_SOURCES.counterparty.toRecord('E:EH', [row], mapping)).to.deep.equal({
      id: 'E:EH', type: 'employee', name: 'Esther Huygens', iban: 'NL91ABNA0417164300', email: 'esther@cronus.example', address: { city: 'Delft', country: 'NL' },
    });
  });

  it('foreign currency: Amount is local currency; Source Currency Amount becomes the line\'s currencyAmount and its code the entry\'s currency', () => {
    expect(compile(readPageQuery(context(), source('entry'), { limit: 10 })).sql).to.contain('CAST(ROUND(g.[Source Currency Amount] * 100, 0) AS BIGINT) AS currency_cents');
    const entry = ENTITY_SOURCES.entry.toRecord('0000000060|INV9|2025-03-01', [
      glRow({ id: '0000000060|INV9|2025-03-01', amount_cents: '110000', currency_code: 'USD', currency_cents: '120000' }),
      glRow({ id: '0000000060|INV9|2025-03-01', seq: 311, account_id: '6110', amount_cents: '-110000', currency_code: 'USD', currency_cents: '-120000', counterparty_id: null }),
    ], mapping);
    expect(entry.currency).to.equal('USD');
    expect(entry.lines.map((line) => [line.amount, line.currencyAmount])).to.deep.equal([[110000, 120000], [-110000, -120000]]);
    const local = ENTITY_SOURCES.entry.toRecord('x', [glRow({ currency_code: 'EUR', currency_cents: '151250' })], mapping);
    expect(local.currency).to.equal('EUR');
    expect(local.lines[0]).not.to.have.property('currencyAmount');
  });

  it('an application BC posted without G/L entries has Transaction No. 0 (SetZeroTransNo): it is keyed by its Application No., not merged into one C:0', () => {
    const { sql } = compile(readPageQuery(context(), source('matching'), { limit: 10 }));
    expect(sql).to.contain("CASE WHEN d.[Transaction No_] = 0 THEN CONCAT(N'C:A', d.[Application No_]) ELSE CONCAT(N'C:', d.[Transaction No_]) END AS id");
    expect(sql).to.contain("CASE WHEN d.[Transaction No_] = 0 THEN CONCAT(N'V:A', d.[Application No_]) ELSE CONCAT(N'V:', d.[Transaction No_]) END AS id");
  });
});
