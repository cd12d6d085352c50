import { expect } from 'chai';
import { BusinessCentralAdapter, ChangeTrackingLog, entryIdOf, parseConfiguration } from '../src';
import { collect, rowversion } from './helpers';
import { scriptedSqlServer } from './scripted-sql-server';

const ts = rowversion;

/** G/L rows of one transaction as the keyed page query returns them (one line per entry here, for brevity). */
const glRows = (transaction: number, marker: number, documents: string[] = [`D${transaction}`]) =>
  documents.map((document, index) => ({
    id: entryIdOf(transaction, document, '2025-03-14'), k: transaction, ts: ts(marker), seq: transaction * 10 + index, journal_id: 'GEN', number: document,
    posting_date: '2025-03-14', closing: 0, period_id: '2025-03-01', fiscal_year_id: '2025-01-01', account_id: '2310', amount_cents: '0', currency_code: '',
    currency_cents: '0', description: '', vat_code: '', counterparty_id: null, fp_hi: '1', fp_lo: '2', record_ts: ts(marker),
  }));

describe('business-central: entries paged along Transaction No. over scripted SQL Server answers', () => {
  const opened: { destroy(): Promise<void> }[] = [];
  after(() => Promise.all(opened.map((db) => db.destroy())));
  const adapterAnswering = (pages: Record<string, unknown>[][]) => {
    const server = scriptedSqlServer((sql) => (sql.includes('Company Information]') ? [{ name: 'C', vat: '', country: '', currency: 'EUR' }] : sql.includes('[record_ts]') ? pages.shift() ?? [] : []));
    opened.push(server.db);
    const config = parseConfiguration({ server: 's', database: 'd', user: 'u', password: 'p', company: 'CRONUS', pageSize: 2 });
    return { adapter: new BusinessCentralAdapter(server.db, config, new ChangeTrackingLog([])), server };
  };

  it('by id: the next page starts behind the last transaction, bound as a number; a transaction of two documents is two entries on one page', async () => {
    const { adapter, server } = adapterAnswering([[...glRows(7, 70), ...glRows(9, 90, ['A', 'B'])], glRows(12, 80)]);
    const records = await collect(adapter.read('CRONUS', 'entry'));
    expect(records.map((r) => r.id)).to.deep.equal(['0000000007|D7|2025-03-14', '0000000009|A|2025-03-14', '0000000009|B|2025-03-14', '0000000012|D12|2025-03-14']);
    const reads = server.statements.filter((s) => s.sql.includes('[record_ts]'));
    expect(reads[1].sql).to.contain('where t.[Transaction No_] > @p1');
    expect(reads[1].bindings[1]).to.equal(9);
  });

  it('since a marker: the cursor\'s marker is the lower bound, ties broken on the transaction, below MIN_ACTIVE_ROWVERSION()', async () => {
    const { adapter, server } = adapterAnswering([[...glRows(9, 0x90), ...glRows(4, 0x95)], glRows(12, 0x99)]);
    const records = await collect(adapter.read('CRONUS', 'entry', { since: '0000000000000080' }));
    expect(records.map((r) => [r.id, r.marker])).to.deep.equal([
      ['0000000009|D9|2025-03-14', '0000000000000090'],
      ['0000000004|D4|2025-03-14', '0000000000000095'],
      ['0000000012|D12|2025-03-14', '0000000000000099'],
    ]);
    const second = server.statements.filter((s) => s.sql.includes('[record_ts]'))[1];
    expect(second.sql).to.contain('t.[timestamp] < MIN_ACTIVE_ROWVERSION()');
    expect(second.bindings.slice(1, 4)).to.deep.equal(['0000000000000095', '0000000000000095', 4]); // behind the limit
  });
});
