import { expect } from 'chai';
import { Knex } from 'knex';
import { platformState } from '@ledgersync/core';
import { BucketRange, EntityName, ExtractionAdapter, ReadOptions } from '@ledgersync/sdk';
import { bakery, withAdapter, withSite } from './fixtures';
import { PlatformSync } from './platform-sync';

/*
 * Issue 14's acceptance: a site as ERPNext books it — stock vouchers, a period closing voucher, an
 * employee expense claim, supplier payments reconciled and one unreconciled, one payment for two
 * invoices, a cancelled and amended invoice, a second company — synced the way a connector syncs
 * (core's diff engine and state store, changesets to the platform reference store; nothing may be
 * quarantined), then the PLATFORM's figures compared with those ERPNext's own reports compute; then
 * a second night (an unreconciliation, an amendment) synced incrementally and compared again:
 * - trial balance: accounts/utils.py get_balance_on, SUM(debit) − SUM(credit) over live GL rows;
 * - open items: the Accounts Receivable / Payable reports (accounts_receivable.py) sum the Payment
 *   Ledger's `amount` of rows not delinked, per party — debit − credit on Receivable, credit − debit
 *   on Payable, so Payable sums are negated to the ledger's sign.
 */
type GlRow = [name: string, voucherType: string, voucherNo: string, date: string, account: string, debit: number, credit: number, partyType?: string, party?: string, against?: string, cancelled?: number];
type PleRow = [name: string, voucherType: string, voucherNo: string, againstType: string, againstNo: string, account: string, accountType: string, partyType: string, party: string, amount: number, delinked?: number];

async function gl(db: Knex, company: string, rows: GlRow[]): Promise<void> {
  await db('tabGL Entry').insert(rows.map(([name, voucherType, voucherNo, date, account, debit, credit, partyType, party, against, cancelled], i) => ({
    name, creation: `${date} 10:00:${String(i % 60).padStart(2, '0')}`, modified: `${date} 10:00:00`, company, posting_date: date, fiscal_year: date.slice(0, 4),
    voucher_type: voucherType, voucher_no: voucherNo, account, debit, credit, party_type: partyType ?? null, party: party ?? null,
    against_voucher_type: against ? (against.startsWith('AK') ? 'Purchase Invoice' : 'Sales Invoice') : null, against_voucher: against ?? null, is_cancelled: cancelled ?? 0,
  })));
}

async function ple(db: Knex, company: string, date: string, rows: PleRow[]): Promise<void> {
  await db('tabPayment Ledger Entry').insert(rows.map(([name, voucherType, voucherNo, againstType, againstNo, account, accountType, partyType, party, amount, delinked]) => ({
    name, creation: `${date} 10:00:00`, modified: `${date} 10:00:00`, company, posting_date: date, account, account_type: accountType, party_type: partyType, party,
    voucher_type: voucherType, voucher_no: voucherNo, against_voucher_type: againstType, against_voucher_no: againstNo, amount, delinked: delinked ?? 0,
  })));
}

async function bookSite(db: Knex, company: string): Promise<void> {
  // Frappe stamps `modified` on every document it saves
  await db('tabAccount').insert([
    { name: '310000', account_number: '310000', account_name: 'Voorraad', company, is_group: 0, modified: '2025-01-01' },
    { name: '444000', account_number: '444000', account_name: 'Ontvangen, niet gefactureerd', company, is_group: 0, modified: '2025-01-01' },
    { name: '442000', account_number: '442000', account_name: 'Te betalen aan personeel', company, account_type: 'Payable', is_group: 0, modified: '2025-01-01' },
    { name: '140000', account_number: '140000', account_name: 'Overgedragen resultaat', company, is_group: 0, modified: '2025-01-01' },
  ]);
  await db('tabEmployee').insert({ name: 'HR-EMP-00001', modified: '2025-03-01', employee_name: 'An Peeters', company, status: 'Active' });
  // the fixture wrote the invoices' GL rows; ERPNext also writes each invoice's own Payment Ledger row
  await ple(db, company, '2025-01-08', [
    ['ple-vk1', 'Sales Invoice', 'VK-2025-0001', 'Sales Invoice', 'VK-2025-0001', '400000', 'Receivable', 'Customer', 'C001', 1512.5],
    ['ple-vk2', 'Sales Invoice', 'VK-2025-0002', 'Sales Invoice', 'VK-2025-0002', '400000', 'Receivable', 'Customer', 'C002', 508.8],
    ['ple-ak1', 'Purchase Invoice', 'AK-2025-0001', 'Purchase Invoice', 'AK-2025-0001', '440000', 'Payable', 'Supplier', 'S001', 1089],
  ]);
  // stock: a receipt into stock, a delivery out of it (stock_controller GL rows, no header we read)
  await gl(db, company, [
    ['g-pr1', 'Purchase Receipt', 'MAT-PRE-2025-00001', '2025-02-01', '310000', 200, 0], ['g-pr2', 'Purchase Receipt', 'MAT-PRE-2025-00001', '2025-02-01', '444000', 0, 200],
    ['g-dn1', 'Delivery Note', 'MAT-DN-2025-00001', '2025-02-02', '604000', 80, 0], ['g-dn2', 'Delivery Note', 'MAT-DN-2025-00001', '2025-02-02', '310000', 0, 80],
  ]);
  // an expense claim: the employee is owed 50 (Payable, party Employee), still open
  await gl(db, company, [
    ['g-ec1', 'Expense Claim', 'HR-EXP-2025-00001', '2025-03-02', '612000', 50, 0], ['g-ec2', 'Expense Claim', 'HR-EXP-2025-00001', '2025-03-02', '442000', 0, 50, 'Employee', 'HR-EMP-00001', 'HR-EXP-2025-00001'],
  ]);
  await ple(db, company, '2025-03-02', [['ple-ec', 'Expense Claim', 'HR-EXP-2025-00001', 'Expense Claim', 'HR-EXP-2025-00001', '442000', 'Payable', 'Employee', 'HR-EMP-00001', 50]]);
  // supplier payments: BNK-2025-00009 settles AK-2025-0001; BNK-2025-00010 was allocated to it and unreconciled
  await db('tabJournal Entry').insert([
    { name: 'BNK-2025-00009', docstatus: 1, naming_series: 'BNK-.YYYY.-', company, posting_date: '2025-02-20', voucher_type: 'Bank Entry', modified: '2025-02-20' },
    { name: 'BNK-2025-00010', docstatus: 1, naming_series: 'BNK-.YYYY.-', company, posting_date: '2025-02-21', voucher_type: 'Bank Entry', modified: '2025-02-21' },
  ]);
  await gl(db, company, [
    ['g-b9a', 'Journal Entry', 'BNK-2025-00009', '2025-02-20', '440000', 1089, 0, 'Supplier', 'S001', 'AK-2025-0001'], ['g-b9b', 'Journal Entry', 'BNK-2025-00009', '2025-02-20', '550000', 0, 1089],
    ['g-b10a', 'Journal Entry', 'BNK-2025-00010', '2025-02-21', '440000', 12.5, 0, 'Supplier', 'S001', 'BNK-2025-00010'], ['g-b10b', 'Journal Entry', 'BNK-2025-00010', '2025-02-21', '550000', 0, 12.5],
  ]);
  await ple(db, company, '2025-02-20', [
    ['ple-b9', 'Journal Entry', 'BNK-2025-00009', 'Purchase Invoice', 'AK-2025-0001', '440000', 'Payable', 'Supplier', 'S001', -1089],
    // unreconciled: pointed back at the payment itself, not delinked
    ['ple-b10', 'Journal Entry', 'BNK-2025-00010', 'Journal Entry', 'BNK-2025-00010', '440000', 'Payable', 'Supplier', 'S001', -12.5],
  ]);
  // a new invoice, then one Payment Entry for it and VK-2025-0001 (one party row per reference)
  await db('tabSales Invoice').insert({ name: 'VK-2025-0009', docstatus: 1, naming_series: 'VK-.YYYY.-', company, posting_date: '2025-03-01', customer: 'C001', currency: 'EUR', modified: '2025-03-01' });
  await gl(db, company, [['g-vk9a', 'Sales Invoice', 'VK-2025-0009', '2025-03-01', '400000', 100, 0, 'Customer', 'C001', 'VK-2025-0009'], ['g-vk9b', 'Sales Invoice', 'VK-2025-0009', '2025-03-01', '700000', 0, 100]]);
  await ple(db, company, '2025-03-01', [['ple-vk9', 'Sales Invoice', 'VK-2025-0009', 'Sales Invoice', 'VK-2025-0009', '400000', 'Receivable', 'Customer', 'C001', 100]]);
  await db('tabPayment Entry').insert({ name: 'ACC-PAY-2025-00001', docstatus: 1, naming_series: 'ACC-PAY-.YYYY.-', company, posting_date: '2025-03-05', party_type: 'Customer', party: 'C001', modified: '2025-03-05' });
  await gl(db, company, [
    ['g-pe1', 'Payment Entry', 'ACC-PAY-2025-00001', '2025-03-05', '550000', 1612.5, 0],
    ['g-pe2', 'Payment Entry', 'ACC-PAY-2025-00001', '2025-03-05', '400000', 0, 1512.5, 'Customer', 'C001', 'VK-2025-0001'],
    ['g-pe3', 'Payment Entry', 'ACC-PAY-2025-00001', '2025-03-05', '400000', 0, 100, 'Customer', 'C001', 'VK-2025-0009'],
  ]);
  await ple(db, company, '2025-03-05', [
    ['ple-pe1', 'Payment Entry', 'ACC-PAY-2025-00001', 'Sales Invoice', 'VK-2025-0001', '400000', 'Receivable', 'Customer', 'C001', -1512.5],
    ['ple-pe2', 'Payment Entry', 'ACC-PAY-2025-00001', 'Sales Invoice', 'VK-2025-0009', '400000', 'Receivable', 'Customer', 'C001', -100],
  ]);
  // VK-2025-0002 cancelled (rows flagged, reversal rows flagged, its ledger rows delinked) and amended
  await db.raw("UPDATE `tabGL Entry` SET is_cancelled = 1, modified = '2025-03-10' WHERE voucher_no = 'VK-2025-0002'");
  await db.raw(`INSERT INTO \`tabGL Entry\` (name, creation, modified, company, posting_date, fiscal_year, voucher_type, voucher_no, account, debit, credit, is_cancelled)
    SELECT CONCAT(name, '-rev'), '2025-03-10', '2025-03-10', company, posting_date, fiscal_year, voucher_type, voucher_no, account, credit, debit, 1 FROM \`tabGL Entry\` WHERE voucher_no = 'VK-2025-0002'`);
  await db.raw("UPDATE `tabSales Invoice` SET docstatus = 2 WHERE name = 'VK-2025-0002'");
  await db.raw("UPDATE `tabPayment Ledger Entry` SET delinked = 1, modified = '2025-03-10' WHERE voucher_no = 'VK-2025-0002'");
  await db('tabSales Invoice').insert({ name: 'VK-2025-0002-1', docstatus: 1, naming_series: 'VK-.YYYY.-', company, posting_date: '2025-01-15', customer: 'C002', currency: 'EUR', modified: '2025-03-10' });
  await gl(db, company, [['g-am1', 'Sales Invoice', 'VK-2025-0002-1', '2025-01-15', '400000', 0, 0, 'Customer', 'C002', 'VK-2025-0002-1'], ['g-am2', 'Sales Invoice', 'VK-2025-0002-1', '2025-01-15', '700000', 0, 0]]);
  await db.raw("UPDATE `tabGL Entry` SET debit = 408.8 WHERE name = 'g-am1'");
  await db.raw("UPDATE `tabGL Entry` SET credit = 408.8 WHERE name = 'g-am2'");
  await ple(db, company, '2025-03-10', [['ple-am', 'Sales Invoice', 'VK-2025-0002-1', 'Sales Invoice', 'VK-2025-0002-1', '400000', 'Receivable', 'Customer', 'C002', 408.8]]);
  // the year closed: a Period Closing Voucher takes income to retained earnings
  await gl(db, company, [['g-pcv1', 'Period Closing Voucher', 'ACC-PCV-2025-00001', '2025-12-31', '700000', 1000, 0], ['g-pcv2', 'Period Closing Voucher', 'ACC-PCV-2025-00001', '2025-12-31', '140000', 0, 1000]]);

  // a second company on the same site, with an invoice to the same customer
  await db('tabCompany').insert({ name: 'NL Co', company_name: 'NL Co BV', default_currency: 'EUR', country: 'NL', creation: '2025-01-01', modified: '2025-01-01' });
  await db('tabAccount').insert([
    { name: '1300 - NL', account_number: '1300', account_name: 'Debiteuren', company: 'NL Co', account_type: 'Receivable', is_group: 0, modified: '2025-01-01' },
    { name: '8000 - NL', account_number: '8000', account_name: 'Omzet', company: 'NL Co', is_group: 0, modified: '2025-01-01' },
  ]);
  await db('tabSales Invoice').insert({ name: 'NL-VK-2025-00001', docstatus: 1, naming_series: 'NL-VK-.YYYY.-', company: 'NL Co', posting_date: '2025-02-01', customer: 'C001', currency: 'EUR', modified: '2025-02-01' });
  await gl(db, 'NL Co', [['g-nl1', 'Sales Invoice', 'NL-VK-2025-00001', '2025-02-01', '1300 - NL', 300, 0, 'Customer', 'C001', 'NL-VK-2025-00001'], ['g-nl2', 'Sales Invoice', 'NL-VK-2025-00001', '2025-02-01', '8000 - NL', 0, 300]]);
  await ple(db, 'NL Co', '2025-02-01', [['ple-nl1', 'Sales Invoice', 'NL-VK-2025-00001', 'Sales Invoice', 'NL-VK-2025-00001', '1300 - NL', 'Receivable', 'Customer', 'C001', 300]]);
}

/** What ERPNext's reports show for a company, in cents per account id and per party. */
async function erpnextFigures(db: Knex, company: string): Promise<{ trialBalance: Record<string, number>; openItems: Record<string, number> }> {
  const [balances] = (await db.raw(
    `SELECT COALESCE(NULLIF(a.account_number, ''), a.name) AS id, CAST(ROUND((SUM(g.debit) - SUM(g.credit)) * 100) AS SIGNED) AS cents
     FROM \`tabGL Entry\` g JOIN \`tabAccount\` a ON a.name = g.account JOIN \`tabCompany\` c ON c.name = g.company
     WHERE g.company = ? AND g.is_cancelled = 0 AND (COALESCE(g.finance_book, '') = '' OR g.finance_book = c.default_finance_book)
     GROUP BY id HAVING COUNT(*) > 0`,
    [company],
  )) as [{ id: string; cents: number | string }[]];
  const [parties] = (await db.raw(
    `SELECT p.party AS party, CAST(ROUND(SUM(CASE WHEN p.account_type = 'Payable' THEN -p.amount ELSE p.amount END) * 100) AS SIGNED) AS cents
     FROM \`tabPayment Ledger Entry\` p WHERE p.company = ? AND p.delinked = 0 GROUP BY p.party`,
    [company],
  )) as [{ party: string; cents: number | string }[]];
  return {
    trialBalance: Object.fromEntries(balances.map((b) => [b.id, Number(b.cents)])),
    openItems: Object.fromEntries(parties.map((p) => [p.party, Number(p.cents)])),
  };
}

/**
 * The second night: Unreconcile Payment takes the Payment Entry's allocation to VK-2025-0009 back
 * (utils.update_accounting_ledgers_after_reference_removal: the ledger row points at the payment
 * itself, `delinked` stays 0; the GL row loses its against_voucher), and NL Co's invoice is cancelled and amended at 350.
 */
async function secondNight(db: Knex): Promise<void> {
  const at = '2025-04-01 09:00:00';
  await db.raw("UPDATE `tabPayment Ledger Entry` SET against_voucher_type = voucher_type, against_voucher_no = voucher_no, modified = ? WHERE name = 'ple-pe2'", [at]);
  await db.raw("UPDATE `tabGL Entry` SET against_voucher_type = NULL, against_voucher = NULL, modified = ? WHERE name = 'g-pe3'", [at]);
  await db.raw("UPDATE `tabGL Entry` SET is_cancelled = 1, modified = ? WHERE voucher_no = 'NL-VK-2025-00001'", [at]);
  await db.raw(`INSERT INTO \`tabGL Entry\` (name, creation, modified, company, posting_date, fiscal_year, voucher_type, voucher_no, account, debit, credit, party_type, party, is_cancelled)
    SELECT CONCAT(name, '-rev'), ?, ?, company, posting_date, fiscal_year, voucher_type, voucher_no, account, credit, debit, party_type, party, 1 FROM \`tabGL Entry\` WHERE voucher_no = 'NL-VK-2025-00001'`, [at, at]);
  await db.raw("UPDATE `tabSales Invoice` SET docstatus = 2, modified = ? WHERE name = 'NL-VK-2025-00001'", [at]);
  await db.raw("UPDATE `tabPayment Ledger Entry` SET delinked = 1, modified = ? WHERE voucher_no = 'NL-VK-2025-00001'", [at]);
  await db('tabSales Invoice').insert({ name: 'NL-VK-2025-00001-1', docstatus: 1, naming_series: 'NL-VK-.YYYY.-', company: 'NL Co', posting_date: '2025-02-01', customer: 'C001', currency: 'EUR', modified: at });
  await gl(db, 'NL Co', [['g-nl1-1', 'Sales Invoice', 'NL-VK-2025-00001-1', '2025-02-01', '1300 - NL', 350, 0, 'Customer', 'C001', 'NL-VK-2025-00001-1'], ['g-nl2-1', 'Sales Invoice', 'NL-VK-2025-00001-1', '2025-02-01', '8000 - NL', 0, 350]]);
  await ple(db, 'NL Co', '2025-02-01', [['ple-nl1-1', 'Sales Invoice', 'NL-VK-2025-00001-1', 'Sales Invoice', 'NL-VK-2025-00001-1', '1300 - NL', 'Receivable', 'Customer', 'C001', 350]]);
  await db.raw("UPDATE `tabGL Entry` SET creation = ?, modified = ? WHERE voucher_no = 'NL-VK-2025-00001-1'", [at, at]);
  await db.raw("UPDATE `tabPayment Ledger Entry` SET creation = ?, modified = ? WHERE voucher_no = 'NL-VK-2025-00001-1'", [at, at]);
}

/** Syncs every dossier through the engine to the platform and compares its figures with ERPNext's reports. */
async function syncAndCompare(platform: PlatformSync, adapter: ExtractionAdapter, db: Knex, dossiers: string[], kind: 'full' | 'incremental'): Promise<void> {
  for (const company of dossiers) {
    const result = await platform.sync(adapter, company, kind);
    expect(result.quarantined.map((r) => `${r.entity} ${r.recordId}: ${r.message}`), `${company} quarantined`).to.deep.equal([]);
    const figures = await platform.figures(company);
    const erpnext = await erpnextFigures(db, company);
    expect(figures.trialBalance, `${company} trial balance (${kind})`).to.deep.equal(erpnext.trialBalance);
    expect(figures.openItems, `${company} open items (${kind})`).to.deep.equal(erpnext.openItems);
  }
}

/** The adapter as if it left one voucher type out: what the comparison must catch. */
function droppingVouchers(adapter: ExtractionAdapter, prefix: string): ExtractionAdapter {
  const keep = <T extends { id: string }>(entity: EntityName, records: AsyncIterable<T>): AsyncIterable<T> =>
    (async function* () {
      for await (const record of records) if (entity !== 'entry' || !record.id.startsWith(prefix)) yield record;
    })();
  return new Proxy(adapter, {
    get(target, property, receiver) {
      if (property === 'read') return (dossierId: string, entity: EntityName, options?: ReadOptions) => keep(entity, target.read(dossierId, entity, options));
      if (property === 'keys') return (dossierId: string, entity: EntityName, range?: BucketRange) => keep(entity, target.keys!(dossierId, entity, range));
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('erpnext adapter: acceptance — a site as ERPNext books it syncs to the figures ERPNext shows', function () {
  this.timeout(120000);

  it('stock, period closing, expense claims, supplier reconciliation and unreconciliation, one payment for two invoices, a cancelled and amended invoice, two companies — then a second night', () =>
    withSite(bakery(), async (site) => {
      const db = site.driver.db;
      await bookSite(db, site.dossier);
      // one adapter for the whole site, as a connector runs it: every company is a dossier
      await withAdapter(site, { company: undefined }, async (adapter) => {
        const platform = await PlatformSync.open();
        try {
          const dossiers = await platform.register(adapter, 'erpnext');
          expect(dossiers).to.have.members([site.dossier, 'NL Co']);
          await syncAndCompare(platform, adapter, db, dossiers, 'full');
          const held = await platformState(platform.platform.db, site.dossier);
          expect(held.entry.get('ACC-PCV-2025-00001')?.kind).to.equal('closing');
          expect(held.entry.has('VK-2025-0002')).to.equal(false);
          expect(held.counterparty.get('HR-EMP-00001')).to.deep.include({ type: 'employee' });
          expect(held.matching.has('ple-pe2'), 'the payment settles VK-2025-0009').to.equal(true);
          expect((await erpnextFigures(db, site.dossier)).openItems).to.deep.include({ C001: 0, C002: 40880, S001: 1250, 'HR-EMP-00001': -5000 });

          await secondNight(db);
          await syncAndCompare(platform, adapter, db, dossiers, 'incremental');
          const after = await platformState(platform.platform.db, site.dossier);
          expect(after.matching.has('ple-pe2'), 'unreconciled').to.equal(false);
          expect(after.matching.has('ple-pe1'), 'the other allocation of the payment stays').to.equal(true);
          const nl = await platformState(platform.platform.db, 'NL Co');
          expect([...nl.entry.keys()]).to.deep.equal(['NL-VK-2025-00001-1']);
          expect((await platform.figures('NL Co')).openItems).to.deep.equal({ C001: 35000 });
        } finally {
          await platform.close();
        }
      });
    }, { upTo: 0 }));

  it('the comparison fails when the adapter leaves a voucher type out (stock deliveries)', () =>
    withSite(bakery(), async (site) => {
      const db = site.driver.db;
      await bookSite(db, site.dossier);
      await withAdapter(site, { company: site.dossier }, async (adapter) => {
        const platform = await PlatformSync.open();
        try {
          await platform.register(adapter, 'erpnext');
          const dropping = droppingVouchers(adapter, 'MAT-DN-');
          let failed: unknown;
          await syncAndCompare(platform, dropping, db, [site.dossier], 'full').catch((error: unknown) => (failed = error));
          expect(String(failed)).to.match(/trial balance \(full\)/);
        } finally {
          await platform.close();
        }
      });
    }, { upTo: 0 }));
});
