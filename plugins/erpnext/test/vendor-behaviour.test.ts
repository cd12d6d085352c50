import { expect } from 'chai';
import { bakery, collect, withSite } from './fixtures';

/*
 * One test per way a real ERPNext site keeps its books that the adapter once misread (issue 14).
 * Each writes rows as ERPNext itself writes them (see test/facts/ for the fields and the source
 * files that write them) into a fixture site, then reads through the adapter.
 */
describe('erpnext adapter: the package as it really keeps its ledger', function () {
  this.timeout(60000);

  it('lists a journal for every voucher type with GL rows (Stock Entry, Period Closing Voucher), and a closing voucher is a closing entry', () =>
    withSite(bakery(), async (site) => {
      const db = site.driver.db;
      // stock_controller / period_closing_voucher write GL rows with their own voucher type; no header table we read
      await db.raw(`INSERT INTO \`tabGL Entry\` (name, creation, modified, company, posting_date, fiscal_year, voucher_type, voucher_no, account, debit, credit, is_cancelled)
        VALUES ('gle-s1', '2025-03-01 10:00:00', '2025-03-01', ?, '2025-03-01', '2025', 'Stock Entry', 'MAT-STE-2025-00001', '604000', 100, 0, 0),
               ('gle-s2', '2025-03-01 10:00:01', '2025-03-01', ?, '2025-03-01', '2025', 'Stock Entry', 'MAT-STE-2025-00001', '241000', 0, 100, 0),
               ('gle-p1', '2025-12-31 10:00:00', '2026-01-05', ?, '2025-12-31', '2025', 'Period Closing Voucher', 'ACC-PCV-2025-00001', '700000', 1730, 0, 0),
               ('gle-p2', '2025-12-31 10:00:01', '2026-01-05', ?, '2025-12-31', '2025', 'Period Closing Voucher', 'ACC-PCV-2025-00001', '612000', 0, 1730, 0)`,
      [site.dossier, site.dossier, site.dossier, site.dossier]);
      const journals = new Set((await collect(site.adapter.read(site.dossier, 'journal'))).map((j) => j.id));
      const entries = (await collect(site.adapter.read(site.dossier, 'entry'))).map((e) => e.record);
      for (const entry of entries) expect(journals.has(entry.journalId), `journal ${entry.journalId} of ${entry.id}`).to.equal(true);
      expect(entries.find((e) => e.id === 'ACC-PCV-2025-00001')).to.include({ kind: 'closing', journalId: 'Period Closing Voucher' });
      expect(entries.find((e) => e.id === 'MAT-STE-2025-00001')?.kind).to.equal(undefined);
    }));

  it('lists employees and parties of other types (Shareholder) that GL rows name, typed employee and other', () =>
    withSite(bakery(), async (site) => {
      const db = site.driver.db;
      await db.raw("INSERT INTO `tabEmployee` (name, modified, employee_name, company, status) VALUES ('HR-EMP-00001', '2025-03-01', 'An Peeters', ?, 'Active')", [site.dossier]);
      // an expense claim: expense debit, the employee's payable credit with party_type Employee
      await db.raw(`INSERT INTO \`tabGL Entry\` (name, creation, modified, company, posting_date, fiscal_year, voucher_type, voucher_no, account, debit, credit, party_type, party, is_cancelled)
        VALUES ('gle-e1', '2025-03-02 10:00:00', '2025-03-02', ?, '2025-03-02', '2025', 'Expense Claim', 'HR-EXP-2025-00001', '612000', 50, 0, NULL, NULL, 0),
               ('gle-e2', '2025-03-02 10:00:01', '2025-03-02', ?, '2025-03-02', '2025', 'Expense Claim', 'HR-EXP-2025-00001', '440000', 0, 50, 'Employee', 'HR-EMP-00001', 0),
               ('gle-h1', '2025-03-03 10:00:00', '2025-03-03', ?, '2025-03-03', '2025', 'Journal Entry', 'ACC-JV-2025-00001', '550000', 1000, 0, NULL, NULL, 0),
               ('gle-h2', '2025-03-03 10:00:01', '2025-03-03', ?, '2025-03-03', '2025', 'Journal Entry', 'ACC-JV-2025-00001', '241000', 0, 1000, 'Shareholder', 'ACC-SH-00001', 0)`,
      [site.dossier, site.dossier, site.dossier, site.dossier]);
      const parties = new Map((await collect(site.adapter.read(site.dossier, 'counterparty'))).map((c) => [c.id, c.record]));
      expect(parties.get('HR-EMP-00001')).to.deep.equal({ id: 'HR-EMP-00001', type: 'employee', name: 'An Peeters' });
      expect(parties.get('ACC-SH-00001')).to.deep.equal({ id: 'ACC-SH-00001', type: 'other', name: 'ACC-SH-00001' });
      const entries = (await collect(site.adapter.read(site.dossier, 'entry'))).map((e) => e.record);
      for (const entry of entries) for (const line of entry.lines) if (line.counterpartyId) expect(parties.has(line.counterpartyId), line.counterpartyId).to.equal(true);
    }));

  it('reads a Payment Ledger amount on a Payable account as credit − debit: a supplier payment matches with the lines’ signs', () =>
    withSite(bakery(), async (site) => {
      const db = site.driver.db;
      await db.raw("UPDATE `tabAccount` SET account_type = 'Payable' WHERE name = '440000'");
      await db.raw("INSERT INTO `tabJournal Entry` (name, docstatus, naming_series, company, posting_date, voucher_type, modified) VALUES ('BNK-2025-00009', 1, 'BNK-.YYYY.-', ?, '2025-02-20', 'Bank Entry', '2025-02-20')", [site.dossier]);
      await db.raw(`INSERT INTO \`tabGL Entry\` (name, creation, modified, company, posting_date, fiscal_year, voucher_type, voucher_no, account, debit, credit, party_type, party, against_voucher_type, against_voucher, is_cancelled)
        VALUES ('gle-b1', '2025-02-20 10:00:00', '2025-02-20', ?, '2025-02-20', '2025', 'Journal Entry', 'BNK-2025-00009', '440000', 1089, 0, 'Supplier', 'S001', 'Purchase Invoice', 'AK-2025-0001', 0),
               ('gle-b2', '2025-02-20 10:00:01', '2025-02-20', ?, '2025-02-20', '2025', 'Journal Entry', 'BNK-2025-00009', '550000', 0, 1089, NULL, NULL, NULL, NULL, 0)`, [site.dossier, site.dossier]);
      // utils.create_payment_ledger_entry: Payable → amount = credit − debit of the payment's row
      await db.raw(`INSERT INTO \`tabPayment Ledger Entry\` (name, creation, modified, company, posting_date, account, account_type, party_type, party, voucher_type, voucher_no, against_voucher_type, against_voucher_no, amount, delinked)
        VALUES ('ple-s1', '2025-02-20', '2025-02-20', ?, '2025-02-20', '440000', 'Payable', 'Supplier', 'S001', 'Journal Entry', 'BNK-2025-00009', 'Purchase Invoice', 'AK-2025-0001', -1089, 0)`, [site.dossier]);
      const matching = (await collect(site.adapter.read(site.dossier, 'matching'))).find((m) => m.id === 'ple-s1')!.record;
      expect(matching.items).to.deep.equal([{ entryId: 'AK-2025-0001', line: 1, amount: -108900 }, { entryId: 'BNK-2025-00009', line: 1, amount: 108900 }]);
    }));

  it('pins each allocation of a payment that settles two invoices to the GL row against that invoice', () =>
    withSite(bakery(), async (site) => {
      const db = site.driver.db;
      await db.raw("INSERT INTO `tabJournal Entry` (name, docstatus, naming_series, company, posting_date, voucher_type, modified) VALUES ('BNK-2025-00008', 1, 'BNK-.YYYY.-', ?, '2025-01-20', 'Bank Entry', '2025-01-20')", [site.dossier]);
      // one party row per reference (journal_entry.build_gl_map), each against its invoice
      await db.raw(`INSERT INTO \`tabGL Entry\` (name, creation, modified, company, posting_date, fiscal_year, voucher_type, voucher_no, account, debit, credit, party_type, party, against_voucher_type, against_voucher, is_cancelled)
        VALUES ('gle-m1', '2025-01-20 10:00:00', '2025-01-20', ?, '2025-01-20', '2025', 'Journal Entry', 'BNK-2025-00008', '550000', 2021.30, 0, NULL, NULL, NULL, NULL, 0),
               ('gle-m2', '2025-01-20 10:00:01', '2025-01-20', ?, '2025-01-20', '2025', 'Journal Entry', 'BNK-2025-00008', '400000', 0, 1512.50, 'Customer', 'C001', 'Sales Invoice', 'VK-2025-0001', 0),
               ('gle-m3', '2025-01-20 10:00:02', '2025-01-20', ?, '2025-01-20', '2025', 'Journal Entry', 'BNK-2025-00008', '400000', 0, 508.80, 'Customer', 'C002', 'Sales Invoice', 'VK-2025-0002', 0)`,
      [site.dossier, site.dossier, site.dossier]);
      await db.raw(`INSERT INTO \`tabPayment Ledger Entry\` (name, creation, modified, company, posting_date, account, account_type, voucher_type, voucher_no, against_voucher_type, against_voucher_no, amount, delinked)
        VALUES ('ple-m1', '2025-01-20', '2025-01-20', ?, '2025-01-20', '400000', 'Receivable', 'Journal Entry', 'BNK-2025-00008', 'Sales Invoice', 'VK-2025-0001', -1512.50, 0),
               ('ple-m2', '2025-01-20', '2025-01-20', ?, '2025-01-20', '400000', 'Receivable', 'Journal Entry', 'BNK-2025-00008', 'Sales Invoice', 'VK-2025-0002', -508.80, 0)`, [site.dossier, site.dossier]);
      const matchings = new Map((await collect(site.adapter.read(site.dossier, 'matching'))).map((m) => [m.id, m.record.items]));
      expect(matchings.get('ple-m1')).to.deep.equal([{ entryId: 'VK-2025-0001', line: 1, amount: 151250 }, { entryId: 'BNK-2025-00008', line: 2, amount: -151250 }]);
      expect(matchings.get('ple-m2')).to.deep.equal([{ entryId: 'VK-2025-0002', line: 1, amount: 50880 }, { entryId: 'BNK-2025-00008', line: 3, amount: -50880 }]);
    }, { upTo: 0 }));

  it('reports an allocation that Unreconcile Payment pointed back at the payment as deleted', () =>
    withSite(bakery(), async (site) => {
      const db = site.driver.db;
      expect((await collect(site.adapter.read(site.dossier, 'matching'))).map((m) => m.id)).to.include('M0001');
      // utils.update_accounting_ledgers_after_reference_removal: against → the payment itself, delinked untouched
      await db.raw("UPDATE `tabPayment Ledger Entry` SET against_voucher_type = voucher_type, against_voucher_no = voucher_no, modified = '2025-03-10 09:00:00' WHERE name = 'M0001'");
      await db.raw("UPDATE `tabGL Entry` SET against_voucher = voucher_no, modified = '2025-03-10 09:00:00' WHERE voucher_no = 'BNK-2025-0001' AND account = '400000'");
      expect((await collect(site.adapter.read(site.dossier, 'matching'))).map((m) => m.id)).not.to.include('M0001');
      const deleted = await collect(site.adapter.deletedSince!(site.dossier, '2025-03-10T00:00:00.000Z'));
      expect(deleted.filter((d) => d.entity === 'matching').map((d) => d.id)).to.deep.equal(['M0001']);
    }, { upTo: 1 }));

  it('leaves disabled fiscal years out, with their months', () =>
    withSite(bakery(), async (site) => {
      await site.driver.db.raw("INSERT INTO `tabFiscal Year` (name, year_start_date, year_end_date, disabled, modified) VALUES ('2024', '2024-01-01', '2024-12-31', 1, '2025-01-01')");
      expect((await collect(site.adapter.read(site.dossier, 'fiscalYear'))).map((r) => r.id)).to.deep.equal(['2025']);
      expect(await collect(site.adapter.read(site.dossier, 'period'))).to.have.length(12);
    }));

  it('leaves GL rows of a finance book other than the company default out (what the trial balance without a book shows)', () =>
    withSite(bakery(), async (site) => {
      const db = site.driver.db;
      await db.raw(`INSERT INTO \`tabGL Entry\` (name, creation, modified, company, posting_date, fiscal_year, voucher_type, voucher_no, account, debit, credit, finance_book, is_cancelled)
        VALUES ('gle-f1', '2025-03-01 10:00:00', '2025-03-01', ?, '2025-03-01', '2025', 'Journal Entry', 'ACC-JV-2025-00007', '630000', 300, 0, 'Tax Book', 0),
               ('gle-f2', '2025-03-01 10:00:01', '2025-03-01', ?, '2025-03-01', '2025', 'Journal Entry', 'ACC-JV-2025-00007', '241000', 0, 300, 'Tax Book', 0)`, [site.dossier, site.dossier]);
      expect((await collect(site.adapter.read(site.dossier, 'entry'))).map((e) => e.id)).not.to.include('ACC-JV-2025-00007');
      expect((await collect(site.adapter.keys!(site.dossier, 'entry'))).map((e) => e.id)).not.to.include('ACC-JV-2025-00007');
      await db.raw("UPDATE `tabCompany` SET default_finance_book = 'Tax Book'");
      expect((await collect(site.adapter.read(site.dossier, 'entry'))).map((e) => e.id)).to.include('ACC-JV-2025-00007');
    }));

  it('keeps an entry, its line numbers and fingerprint when ERPNext renames its GL rows after insert', () =>
    withSite(bakery(), async (site) => {
      const db = site.driver.db;
      // as the desk books it: idx 0, one creation time for the voucher's rows
      await db.raw("UPDATE `tabGL Entry` SET idx = 0, creation = '2025-01-08 10:00:00' WHERE voucher_no = 'VK-2025-0001'");
      const before = (await collect(site.adapter.read(site.dossier, 'entry'))).find((e) => e.id === 'VK-2025-0001')!;
      // gl_entry.rename_gle_sle_docs: hash names become a naming series, in another order
      await db.raw("UPDATE `tabGL Entry` SET name = CONCAT('ACC-GLE-2025-', LPAD(10 - SUBSTRING_INDEX(name, '/', -1), 5, '0')) WHERE voucher_no = 'VK-2025-0001'");
      const after = (await collect(site.adapter.read(site.dossier, 'entry'))).find((e) => e.id === 'VK-2025-0001')!;
      expect(after.record.lines).to.deep.equal(before.record.lines);
      expect(after.fingerprint).to.equal(before.fingerprint);
    }, { upTo: 0 }));
});

describe('erpnext adapter: foreign-currency accounts (format 1.1)', function () {
  this.timeout(60000);

  it('gives a line on an account kept in another currency its currencyAmount, and the entry that currency', () =>
    withSite(bakery(), async (site) => {
      const db = site.driver.db;
      // a USD bank account: debit/credit in EUR at the booked rate, *_in_account_currency in USD
      await db.raw(`INSERT INTO \`tabGL Entry\` (name, creation, modified, company, posting_date, fiscal_year, voucher_type, voucher_no, account, debit, credit,
          account_currency, debit_in_account_currency, credit_in_account_currency, is_cancelled)
        VALUES ('gle-u1', '2025-03-01 10:00:00', '2025-03-01', ?, '2025-03-01', '2025', 'Journal Entry', 'ACC-JV-2025-00042', '550000', 920, 0, 'USD', 1000, 0, 0),
               ('gle-u2', '2025-03-01 10:00:01', '2025-03-01', ?, '2025-03-01', '2025', 'Journal Entry', 'ACC-JV-2025-00042', '241000', 0, 920, 'EUR', 0, 920, 0)`, [site.dossier, site.dossier]);
      const entry = (await collect(site.adapter.read(site.dossier, 'entry'))).find((e) => e.id === 'ACC-JV-2025-00042')!.record;
      expect(entry.currency).to.equal('USD');
      expect(entry.lines).to.deep.equal([{ line: 1, accountId: '550000', amount: 92000, currencyAmount: 100000 }, { line: 2, accountId: '241000', amount: -92000 }]);
      const eur = (await collect(site.adapter.read(site.dossier, 'entry'))).find((e) => e.id === 'VK-2025-0001')!.record;
      expect(eur.currency).to.equal('EUR');
      expect(eur.lines.some((l) => l.currencyAmount !== undefined)).to.equal(false);
    }));
});
