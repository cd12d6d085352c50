import { randomBytes } from 'node:crypto';
import { Knex } from 'knex';
import { entryFromProposal, Journal, Period, Proposal, ProposalRejectedError } from '@ledgersync/sdk';
import { LISTED_PARTY_TYPES, partyOf } from './entities/counterparty-ids';
import { Scope } from './entities';
import { namingSeriesOf } from './entities/vouchers';
import { FrappeClient, FrappeValidationError } from './rest/frappe-client';
import { selectRows } from './sql/query';

/** What push needs from the rest of the adapter: the dossier's journals and periods as it reads them, and the site's REST API. */
export interface PushContext {
  db: Knex;
  scope: Scope;
  dossierId: string;
  currency: string;
  client: FrappeClient;
  journals(): Promise<Journal[]>;
  periods(): Promise<Period[]>;
}

/** The voucher a proposal already became, if it was pushed before: its id is the Journal Entry's reference number. */
export async function pushedVoucher(db: Knex, scope: Scope, proposalId: string): Promise<string | undefined> {
  const rows = await selectRows<{ name: string }>(
    db,
    'SELECT name FROM `tabJournal Entry` WHERE company = ? AND docstatus = 1 AND cheque_no = ? ORDER BY name LIMIT 1',
    [scope.company, proposalId],
    `dossier ${scope.company}, proposal ${proposalId}`,
  );
  return rows[0]?.name;
}

/**
 * Books a proposal through ERPNext's REST API as a submitted Journal Entry (`docstatus: 1`): ERPNext
 * itself validates it and writes its GL Entries and Payment Ledger rows, with account-currency
 * amounts, so its balances and outstanding amounts see it. The journal is the naming series
 * (`AK-.YYYY.-`), the proposal id the reference number (`cheque_no`), which makes a second push
 * find the first. Lines on Receivable/Payable accounts carry their party, as ERPNext requires.
 * Returns the Journal Entry's name.
 */
export async function bookProposal(context: PushContext, proposal: Proposal): Promise<string> {
  const { db, scope, dossierId } = context;
  const reject = (field: string, detail: string) => new ProposalRejectedError(dossierId, proposal.id, field, detail);
  const journal = (await context.journals()).find((j) => j.id === proposal.journalId);
  if (!journal) throw reject('journalId', `no journal ${proposal.journalId} in this company`);
  // the SDK checks the date against the (derived) periods: inside one, and not frozen
  const entry = entryFromProposal(dossierId, proposal, { id: '(new)', number: '(new)', currency: context.currency, periods: await context.periods() });
  const accounts = await accountsOf(db, scope, proposal.lines.map((l) => l.accountId));
  const rows: Record<string, unknown>[] = [];
  for (const [index, line] of entry.lines.entries()) {
    const account = accounts.get(line.accountId);
    if (!account) throw reject(`lines[${index}].accountId`, `no ledger account ${line.accountId} in this company`);
    const row: Record<string, unknown> = {
      account: account.name,
      debit_in_account_currency: line.amount > 0 ? centsToDecimal(line.amount) : '0',
      credit_in_account_currency: line.amount < 0 ? centsToDecimal(-line.amount) : '0',
    };
    // the site's custom VAT-code field (see README), carried by the row onto its GL Entry
    if (scope.facts.glVatCode && line.vatCode !== undefined) row.vat_code = line.vatCode;
    const counterpartyId = line.counterpartyId ?? (account.reconcilable ? proposal.counterpartyId : undefined);
    if (counterpartyId !== undefined) {
      const party = await partyTypeOf(db, scope, counterpartyId);
      if (!party) throw reject(line.counterpartyId !== undefined ? `lines[${index}].counterpartyId` : 'counterpartyId', `no customer, supplier, employee or other party ${counterpartyId}`);
      Object.assign(row, { party_type: party.type, party: party.name });
    }
    rows.push(row);
  }
  const doc = {
    doctype: 'Journal Entry', docstatus: 1, company: scope.company, voucher_type: journal.type === 'financial' ? 'Bank Entry' : 'Journal Entry',
    naming_series: namingSeriesOf(proposal.journalId), posting_date: entry.date, cheque_no: proposal.id, cheque_date: entry.date,
    ...(entry.description ? { user_remark: entry.description } : {}), accounts: rows,
  };

  // serialises pushes of one proposal: the second waits, then finds the first
  const lock = `ledgersync-push:${scope.company}:${proposal.id}`;
  return db.transaction(async (trx) => {
    await trx.raw('SELECT GET_LOCK(?, 30)', [lock]);
    try {
      const existing = await pushedVoucher(trx, scope, proposal.id);
      if (existing) return existing;
      try {
        return (await context.client.insert('Journal Entry', doc)).name;
      } catch (error) {
        if (error instanceof FrappeValidationError) throw reject('(voucher)', error.message);
        throw error;
      }
    } finally {
      await trx.raw('SELECT RELEASE_LOCK(?)', [lock]);
    }
  });
}

async function accountsOf(db: Knex, scope: Scope, ids: string[]): Promise<Map<string, { name: string; reconcilable: boolean }>> {
  const rows = await selectRows<{ name: string; id: string; account_type: string | null }>(
    db,
    `SELECT name, COALESCE(NULLIF(account_number, ''), name) AS id, account_type FROM \`tabAccount\`
     WHERE company = ? AND is_group = 0 AND (account_number IN (?) OR name IN (?))`,
    [scope.company, ids, ids],
    `dossier ${scope.company}, accounts`,
  );
  return new Map(rows.map((r) => [r.id, { name: r.name, reconcilable: r.account_type === 'Receivable' || r.account_type === 'Payable' }]));
}

/**
 * The Frappe party type of a counterparty id: from its prefix, else the doctype that has a party of
 * that name, else (a party of another type: Shareholder…, read as `other`) the type the company's
 * GL rows name it under, as the counterparty read finds it.
 */
async function partyTypeOf(db: Knex, scope: Scope, id: string): Promise<{ type: string; name: string } | undefined> {
  const party = partyOf(scope.counterpartyIds, id);
  const types = party.type ? [party.type] : ['Customer', 'Supplier', 'Employee'];
  for (const type of types) {
    const rows = await selectRows(db, `SELECT 1 AS found FROM \`tab${type}\` WHERE name = ?`, [party.name], `${type} ${party.name}`);
    if (rows.length > 0) return { type, name: party.name };
  }
  if (party.type) return undefined;
  const listed = LISTED_PARTY_TYPES.map(() => '?').join(', ');
  const other = await selectRows(
    db,
    `SELECT MIN(party_type) AS type FROM \`tabGL Entry\` WHERE company = ? AND party = ? AND is_cancelled = 0 AND COALESCE(party_type, '') NOT IN ('', ${listed})`,
    [scope.company, party.name, ...LISTED_PARTY_TYPES],
    `other party ${party.name}`,
  );
  const type = other[0]?.type;
  return typeof type === 'string' ? { type, name: party.name } : undefined;
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
