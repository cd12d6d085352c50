import { randomBytes } from 'node:crypto';
import { Knex } from 'knex';
import { Entry, entryFromProposal, Journal, Period, Proposal, ProposalRejectedError } from '@ledgersync/sdk';
import { partyOf } from './entities/counterparty-ids';
import { Scope } from './entities';
import { namingSeriesOf } from './entities/vouchers';
import { selectRows } from './sql/query';

/** What push needs from the rest of the adapter: the dossier's journals and periods as it reads them. */
export interface PushContext {
  db: Knex;
  scope: Scope;
  dossierId: string;
  currency: string;
  /** The source's clock, as a DATETIME string. */
  now: string;
  journals(): Promise<Journal[]>;
  periods(): Promise<Period[]>;
}

/** Where the proposal id is kept, per voucher doctype: the supplier-invoice number and the reference number. */
const PROPOSAL_COLUMN = { 'Purchase Invoice': 'bill_no', 'Journal Entry': 'cheque_no' } as const;
type PushDoctype = keyof typeof PROPOSAL_COLUMN;

/** The voucher a proposal already became, if it was pushed before. */
export async function pushedVoucher(db: Knex, scope: Scope, proposalId: string): Promise<string | undefined> {
  const rows = await selectRows<{ name: string }>(
    db,
    `SELECT name FROM \`tabPurchase Invoice\` WHERE company = ? AND docstatus = 1 AND bill_no = ?
     UNION ALL SELECT name FROM \`tabJournal Entry\` WHERE company = ? AND docstatus = 1 AND cheque_no = ?`,
    [scope.company, proposalId, scope.company, proposalId],
    `dossier ${scope.company}, proposal ${proposalId}`,
  );
  return rows[0]?.name;
}

/**
 * Books a proposal as a submitted voucher with its GL Entries: a Purchase Invoice for a purchase
 * journal, else a Journal Entry (with its Journal Entry Account rows). Its name comes from the
 * journal's naming series (`AK-2025-00001`, counter in `tabSeries`), its proposal id goes into the
 * voucher's reference column, which makes a second push find the first. Returns the voucher name.
 */
export async function bookProposal(context: PushContext, proposal: Proposal): Promise<string> {
  const { db, scope, dossierId } = context;
  const reject = (field: string, detail: string) => new ProposalRejectedError(dossierId, proposal.id, field, detail);
  const journal = (await context.journals()).find((j) => j.id === proposal.journalId);
  if (!journal) throw reject('journalId', `no journal ${proposal.journalId} in this company`);
  // the SDK checks the date against the (derived) periods: inside one, and not frozen
  const entry = entryFromProposal(dossierId, proposal, { id: '(new)', number: '(new)', currency: context.currency, periods: await context.periods() });
  const doctype: PushDoctype = journal.type === 'purchase' ? 'Purchase Invoice' : 'Journal Entry';
  const accounts = await accountNames(db, scope, proposal.lines.map((l) => l.accountId));
  proposal.lines.forEach((line, index) => {
    if (!accounts.has(line.accountId)) throw reject(`lines[${index}].accountId`, `no ledger account ${line.accountId} in this company`);
  });
  const party = partyOf(scope.counterpartyIds, proposal.counterpartyId);
  if (doctype === 'Purchase Invoice' && !(await supplierExists(db, party.name))) throw reject('counterpartyId', `no supplier ${proposal.counterpartyId}`);

  return db.transaction(async (trx) => {
    // serialises pushes of one proposal: the second waits, then finds the first
    await trx.raw('SELECT GET_LOCK(?, 30)', [`ledgersync-push:${scope.company}:${proposal.id}`]);
    try {
      const existing = await pushedVoucher(trx, scope, proposal.id);
      if (existing) return existing;
      const name = await nextName(trx, `${proposal.journalId}-${proposal.date.slice(0, 4)}-`);
      await insertVoucher(trx, context, doctype, name, proposal, entry, party.name, accounts);
      await insertGlRows(trx, context, doctype, name, entry, accounts);
      return name;
    } finally {
      await trx.raw('SELECT RELEASE_LOCK(?)', [`ledgersync-push:${scope.company}:${proposal.id}`]);
    }
  });
}

async function accountNames(db: Knex, scope: Scope, ids: string[]): Promise<Map<string, string>> {
  const rows = await selectRows<{ name: string; id: string }>(
    db,
    `SELECT name, COALESCE(NULLIF(account_number, ''), name) AS id FROM \`tabAccount\`
     WHERE company = ? AND is_group = 0 AND (account_number IN (?) OR name IN (?))`,
    [scope.company, ids, ids],
    `dossier ${scope.company}, accounts`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function supplierExists(db: Knex, name: string): Promise<boolean> {
  const rows = await selectRows(db, 'SELECT 1 AS found FROM `tabSupplier` WHERE name = ?', [name], `supplier ${name}`);
  return rows.length > 0;
}

/** Frappe's naming-series counter: `tabSeries` holds the last number used per prefix. */
async function nextName(trx: Knex.Transaction, prefix: string): Promise<string> {
  await trx.raw('INSERT INTO `tabSeries` (name, current) VALUES (?, 1) ON DUPLICATE KEY UPDATE current = current + 1', [prefix]);
  const [rows] = (await trx.raw('SELECT current FROM `tabSeries` WHERE name = ?', [prefix])) as [{ current: number }[]];
  return `${prefix}${String(rows[0].current).padStart(5, '0')}`;
}

function stamp(context: PushContext) {
  return { creation: context.now, modified: context.now, owner: 'ledgersync', modified_by: 'ledgersync', docstatus: 1 };
}

async function insertVoucher(
  trx: Knex.Transaction, context: PushContext, doctype: PushDoctype, name: string, proposal: Proposal, entry: Entry, supplier: string, accounts: Map<string, string>,
) {
  const common = { name, ...stamp(context), company: context.scope.company, naming_series: namingSeriesOf(proposal.journalId), posting_date: entry.date, [PROPOSAL_COLUMN[doctype]]: proposal.id };
  if (doctype === 'Purchase Invoice') {
    await trx('tabPurchase Invoice').insert({ ...common, supplier, due_date: entry.dueDate ?? null, remarks: entry.description ?? null, currency: entry.currency });
    return;
  }
  await trx('tabJournal Entry').insert({ ...common, voucher_type: 'Journal Entry', user_remark: entry.description ?? null });
  await trx('tabJournal Entry Account').insert(
    entry.lines.map((line) => ({
      name: randomName(), parent: name, parenttype: 'Journal Entry', parentfield: 'accounts', idx: line.line, ...stamp(context),
      account: accounts.get(line.accountId), ...amounts(line.amount),
    })),
  );
}

async function insertGlRows(trx: Knex.Transaction, context: PushContext, doctype: PushDoctype, name: string, entry: Entry, accounts: Map<string, string>) {
  const partyType = (id: string | undefined) => (id === undefined ? null : partyOf(context.scope.counterpartyIds, id).type ?? (doctype === 'Purchase Invoice' ? 'Supplier' : 'Customer'));
  await trx('tabGL Entry').insert(
    entry.lines.map((line) => ({
      name: randomName(), idx: line.line, ...stamp(context), company: context.scope.company,
      posting_date: entry.date, fiscal_year: entry.fiscalYearId, due_date: entry.dueDate ?? null,
      voucher_type: doctype, voucher_no: name, account: accounts.get(line.accountId),
      debit: line.amount > 0 ? centsToDecimal(line.amount) : '0', credit: line.amount < 0 ? centsToDecimal(-line.amount) : '0',
      party_type: partyType(line.counterpartyId), party: line.counterpartyId === undefined ? null : partyOf(context.scope.counterpartyIds, line.counterpartyId).name,
      is_cancelled: 0, account_currency: entry.currency,
      ...(context.scope.facts.glVatCode ? { vat_code: line.vatCode ?? null } : {}),
    })),
  );
}

function amounts(cents: number) {
  return {
    debit_in_account_currency: cents > 0 ? centsToDecimal(cents) : '0',
    credit_in_account_currency: cents < 0 ? centsToDecimal(-cents) : '0',
  };
}

/** Exact decimal text of a cent amount, for a DECIMAL column (no float arithmetic). */
export function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const digits = String(Math.abs(cents)).padStart(3, '0');
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** A Frappe-style random document name. */
export function randomName(): string {
  return randomBytes(5).toString('hex');
}
