import { Account, Counterparty, CounterpartyType, Journal, JournalType } from '@ledgersync/sdk';
import { codeText, optionalText } from '../odata';
import { BankAccountRow, CrmAccountRow, GLAccountRow, JournalRow } from './rows';

/** GL account types whose lines Exact matches: accounts receivable (20) and payable (22). */
export const RECONCILABLE_GL_TYPES: readonly number[] = [20, 22];

export function accountOf(row: GLAccountRow): Account {
  return { id: codeText(row.Code) as string, name: row.Description as string, reconcilable: RECONCILABLE_GL_TYPES.includes(row.Type as number) };
}

/** Exact's journal types (financial/Journals `Type`, see test/facts): cash, bank, payment service; sales and return invoices; purchase and received return invoices; general. */
export const JOURNAL_TYPES: Readonly<Record<number, JournalType>> = { 10: 'financial', 12: 'financial', 16: 'financial', 20: 'sales', 21: 'sales', 22: 'purchase', 23: 'purchase', 90: 'general' };

export function journalOf(row: JournalRow): Journal {
  return { id: codeText(row.Code) as string, name: row.Description as string, type: JOURNAL_TYPES[row.Type as number] ?? 'general' };
}

/**
 * The counterparty type of a CRM account: a supplier by `IsSupplier`; a customer only with
 * `Status` C (P prospect, S suspect and A none are not customers); anything else is `other`.
 * An account that is both supplier and customer is read as a supplier: the model gives one type.
 */
export function counterpartyTypeOf(row: Pick<CrmAccountRow, 'IsSupplier' | 'Status'>): CounterpartyType {
  if (row.IsSupplier) return 'supplier';
  return row.Status === 'C' ? 'customer' : 'other';
}

/**
 * A CRM account as a counterparty. Its id is Exact's account `ID` (the key `sync/Deleted` logs
 * and transaction lines point at).
 */
export function counterpartyOf(row: CrmAccountRow, iban?: string): Counterparty {
  const counterparty: Counterparty = { id: row.ID, type: counterpartyTypeOf(row), name: row.Name as string };
  const vatNumber = optionalText(row.VATNumber);
  const email = optionalText(row.Email);
  if (vatNumber !== undefined) counterparty.vatNumber = vatNumber;
  if (email !== undefined) counterparty.email = email;
  if (iban !== undefined) counterparty.iban = iban;
  const address = {
    street: optionalText(row.AddressLine1),
    postalCode: optionalText(row.Postcode),
    city: optionalText(row.City),
    country: codeText(row.Country),
  };
  const set = Object.entries(address).filter(([, value]) => value !== undefined);
  if (set.length > 0) counterparty.address = Object.fromEntries(set);
  return counterparty;
}

/** The main IBAN of each CRM account, from `crm/BankAccounts`. */
export function mainIbans(rows: Iterable<BankAccountRow>): Map<string, string> {
  const ibans = new Map<string, string>();
  for (const row of rows) {
    const iban = optionalText(row.BankAccount);
    if (row.Main && iban !== undefined) ibans.set(row.Account, iban);
  }
  return ibans;
}
