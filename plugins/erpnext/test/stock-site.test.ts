import { expect } from 'chai';
import { bakery, collect, withAdapter, withSite } from './fixtures';

/*
 * A site without ledgersync's optional customisations (the Accounting Journal doctype, the
 * ledger_number and vat_code custom fields) and on a version that keeps the frozen date in
 * Accounts Settings: the adapter reads what is there and falls back, as its README says.
 */
describe('erpnext adapter: a stock site without the optional custom fields', function () {
  this.timeout(60000);

  it('derives journals from naming series, numbers from names, lines from GL order, the frozen date from Accounts Settings', () =>
    withSite(bakery(), async (site) => {
      const db = site.driver.db;
      await db.raw('DROP TABLE `tabAccounting Journal`');
      await db.raw('ALTER TABLE `tabGL Entry` DROP COLUMN vat_code');
      for (const doctype of ['Sales Invoice', 'Purchase Invoice', 'Journal Entry', 'Payment Entry']) await db.raw(`ALTER TABLE \`tab${doctype}\` DROP COLUMN ledger_number`);
      await db.raw('ALTER TABLE `tabCompany` DROP COLUMN accounts_frozen_till_date');
      await db.raw('CREATE TABLE `tabSingles` (doctype varchar(140), field varchar(140), value text)');
      await db.raw("INSERT INTO `tabSingles` VALUES ('Accounts Settings', 'acc_frozen_upto', '2025-01-31')");
      // a cash journal entry as the desk books it: GL idx left at 0, lines numbered by creation
      await db.raw("INSERT INTO `tabJournal Entry` (name, docstatus, naming_series, company, posting_date, voucher_type, modified) VALUES ('KAS-2025-00001', 1, 'KAS-.YYYY.-', ?, '2025-02-10', 'Cash Entry', '2025-02-10')", [site.dossier]);
      await db.raw(`INSERT INTO \`tabGL Entry\` (name, idx, creation, modified, company, posting_date, fiscal_year, voucher_type, voucher_no, account, debit, credit, is_cancelled, account_currency)
        VALUES ('gl-b', 0, '2025-02-10 10:00:01', '2025-02-10', ?, '2025-02-10', '2025', 'Journal Entry', 'KAS-2025-00001', '550000', 0, 12.5, 0, 'EUR'),
               ('gl-a', 0, '2025-02-10 10:00:00', '2025-02-10', ?, '2025-02-10', '2025', 'Journal Entry', 'KAS-2025-00001', '440000', 12.5, 0, 0, 'EUR')`, [site.dossier, site.dossier]);
      // and it pays part of a purchase invoice: a Payment Ledger allocation against it (Payable: credit − debit)
      await db.raw(`INSERT INTO \`tabPayment Ledger Entry\` (name, modified, company, posting_date, account, voucher_type, voucher_no, against_voucher_type, against_voucher_no, amount, delinked)
        VALUES ('ple-1', '2025-02-10', ?, '2025-02-10', '440000', 'Journal Entry', 'KAS-2025-00001', 'Purchase Invoice', 'AK-2025-0001', -12.5, 0)`, [site.dossier]);
      await withAdapter(site, { counterpartyIds: 'prefixed' }, async (stock) => {
        const journals = await collect(stock.read(site.dossier, 'journal'));
        expect(journals.map((j) => j.record)).to.deep.equal([
          { id: 'AK', name: 'AK', type: 'purchase' },
          { id: 'BNK', name: 'BNK', type: 'financial' },
          { id: 'KAS', name: 'KAS', type: 'financial' },
          { id: 'VK', name: 'VK', type: 'sales' },
        ]);
        const cash = (await collect(stock.read(site.dossier, 'entry'))).find((e) => e.id === 'KAS-2025-00001')!.record;
        expect(cash).to.include({ journalId: 'KAS', number: 'KAS-2025-00001', periodId: '2025-02' });
        expect(cash.lines).to.deep.equal([{ line: 1, accountId: '440000', amount: 1250 }, { line: 2, accountId: '550000', amount: -1250 }]);
        const matching = (await collect(stock.read(site.dossier, 'matching'))).find((m) => m.id === 'ple-1')!.record;
        expect(matching).to.deep.equal({ id: 'ple-1', date: '2025-02-10', items: [{ entryId: 'AK-2025-0001', line: 1, amount: -1250 }, { entryId: 'KAS-2025-00001', line: 1, amount: 1250 }] });
        const entry = (await collect(stock.read(site.dossier, 'entry'))).find((e) => e.id === 'VK-2025-0001')!.record;
        expect(entry).to.include({ number: 'VK-2025-0001', currency: 'EUR', counterpartyId: 'customer:C001', journalId: 'VK' });
        expect(entry.lines.every((l) => l.vatCode === undefined)).to.equal(true);
        const periods = await collect(stock.read(site.dossier, 'period'));
        expect(periods.filter((p) => p.record.status === 'closed').map((p) => p.id)).to.deep.equal(['2025-01']);
        const parties = (await collect(stock.read(site.dossier, 'counterparty'))).map((c) => c.id);
        expect(parties).to.deep.equal(['customer:C001', 'customer:C002', 'supplier:S001']);
        expect(await collect(stock.digests!(site.dossier, 'journal', { bits: 0 }))).to.have.length(1);
      });
    }));
});

describe('erpnext adapter: fiscal years restricted to companies', function () {
  this.timeout(60000);

  it('reads only the fiscal years (and their months) that name the company or no company', () =>
    withSite(bakery(), async (site) => {
      const db = site.driver.db;
      await db.raw('CREATE TABLE `tabFiscal Year Company` (name varchar(140) PRIMARY KEY, parent varchar(140), company varchar(140))');
      await db.raw("INSERT INTO `tabFiscal Year` (name, year_start_date, year_end_date, modified) VALUES ('2024-25', '2024-07-01', '2025-06-30', '2025-01-01')");
      await db.raw("INSERT INTO `tabFiscal Year Company` VALUES ('x1', '2024-25', 'Another Company'), ('x2', '2025', 'BE0412345678')");
      // a new adapter: schema facts are learnt when it connects
      await withAdapter(site, {}, async (adapter) => {
        expect((await collect(adapter.read(site.dossier, 'fiscalYear'))).map((r) => r.id)).to.deep.equal(['2025']);
        expect(await collect(adapter.read(site.dossier, 'period'))).to.have.length(12);
        expect((await collect(adapter.digests!(site.dossier, 'period', { bits: 0 })))[0].count).to.equal(12);
        await db.raw("DELETE FROM `tabFiscal Year Company` WHERE name = 'x1'");
        const periods = (await collect(adapter.read(site.dossier, 'period'))).filter((p) => p.record.fiscalYearId === '2024-25');
        expect(periods.map((p) => [p.id, p.record.number, p.record.start, p.record.end])).to.deep.include.members([
          ['2024-07', 1, '2024-07-01', '2024-07-31'],
          ['2025-06', 12, '2025-06-01', '2025-06-30'],
        ]);
      });
    }));
});
