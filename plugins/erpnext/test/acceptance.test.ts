import { expect } from 'chai';
import { Knex } from 'knex';
import { emptySourceState, EntityName, ENTITIES, openItems, trialBalance, validState, Account } from '@ledgersync/sdk';
import { ErpnextAdapter } from '../src';
import { bakery, collect, withAdapter, withSite } from './fixtures';

/*
 * Issue 14's acceptance: a site as ERPNext books it — stock vouchers, a period closing voucher, an
 * employee expense claim, supplier payments reconciled and one unreconciled, one payment for two
 * invoices, a cancelled and amended invoice, a second company — synced (every record the adapter
 * reads, validated by the SDK as the engine does: nothing may be quarantined), then compared with
 * the figures ERPNext's own reports compute:
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
  await db('tabAccount').insert([
    { name: '310000', account_number: '310000', account_name: 'Voorraad', company, is_group: 0 },
    { name: '444000', account_number: '444000', account_name: 'Ontvangen, niet gefactureerd', company, is_group: 0 },
    { name: '442000', account_number: '442000', account_name: 'Te betalen aan personeel', company, account_type: 'Payable', is_group: 0 },
    { name: '140000', account_number: '140000', account_name: 'Overgedragen resultaat', company, is_group: 0 },
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
    { name: '1300 - NL', account_number: '1300', account_name: 'Debiteuren', company: 'NL Co', account_type: 'Receivable', is_group: 0 },
    { name: '8000 - NL', account_number: '8000', account_name: 'Omzet', company: 'NL Co', is_group: 0 },
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

/** Every record a full sync reads, validated as the engine does; the figures of what the platform then holds. */
async function syncedFigures(adapter: ErpnextAdapter, dossier: string) {
  const source = emptySourceState();
  for (const entity of ENTITIES as readonly EntityName[]) for await (const read of adapter.read(dossier, entity)) source[entity].set(read.id, read.record as never);
  const { state, rejected } = validState(dossier, source);
  expect(rejected.map((r) => `${r.entity} ${r.recordId}: ${r.message}`), 'quarantined').to.deep.equal([]);
  return {
    state,
    trialBalance: trialBalance(state.entry.values()),
    openItems: openItems(state.entry.values(), state.matching.values(), state.account as ReadonlyMap<string, Account>),
  };
}

describe('erpnext adapter: acceptance — a site as ERPNext books it syncs to the figures ERPNext shows', function () {
  this.timeout(60000);

  it('stock, period closing, expense claims, supplier reconciliation and unreconciliation, one payment for two invoices, a cancelled and amended invoice, two companies', () =>
    withSite(bakery(), async (site) => {
      const db = site.driver.db;
      await bookSite(db, site.dossier);
      // every company of the site is a dossier
      await withAdapter(site, { company: undefined }, async (adapter) => {
        const dossiers = (await collect(adapter.listDossiers())).map((d) => d.id);
        expect(dossiers).to.have.members([site.dossier, 'NL Co']);
        for (const company of dossiers) {
          await withAdapter(site, { company }, async (one) => {
            const synced = await syncedFigures(one, company);
            const erpnext = await erpnextFigures(db, company);
            expect(synced.trialBalance, `${company} trial balance`).to.deep.equal(erpnext.trialBalance);
            expect(synced.openItems, `${company} open items`).to.deep.equal(erpnext.openItems);
            if (company !== site.dossier) return;
            expect(synced.state.entry.get('ACC-PCV-2025-00001')?.kind).to.equal('closing');
            expect(synced.state.entry.has('VK-2025-0002')).to.equal(false);
            expect(synced.state.counterparty.get('HR-EMP-00001')).to.deep.include({ type: 'employee' });
            expect(erpnext.openItems).to.deep.include({ C001: 0, C002: 40880, S001: 1250, 'HR-EMP-00001': -5000 });
          });
        }
      });
    }, { upTo: 0 }));
});
