import { Account, Counterparty, Journal, JournalType } from '@ledgersync/sdk';
import { codeText, optionalText } from '../odata';
import { BankAccountRow, CrmAccountRow, GLAccountRow, JournalRow } from './rows';

/** GL account types whose lines Exact matches: accounts receivable (20) and payable (22). */
export const RECONCILABLE_GL_TYPES: readonly number[] = [20, 22];

export function accountOf(row: GLAccountRow): Account {
  return { id: codeText(row.Code) as string, name: row.Description as string, reconcilable: RECONCILABLE_GL_TYPES.includes(row.Type as number) };
}

const JOURNAL_TYPES: Record<number, JournalType> = { 10: 'financial', 12: 'financial', 14: 'financial', 16: 'financial', 20: 'sales', 22: 'purchase' };

export function journalOf(row: JournalRow): Journal {
  return { id: codeText(row.Code) as string, name: row.Description as string, type: JOURNAL_TYPES[row.Type as number] ?? 'general' };
}

/**
 * A CRM account as a counterparty. Its id is Exact's account `ID` (the key `sync/Deleted` logs
 * and transaction lines point at); an account that is both is read as a supplier, since the model
 * gives each counterparty one type.
 */
export function counterpartyOf(row: CrmAccountRow, iban?: string): Counterparty {
  const counterparty: Counterparty = { id: row.ID, type: row.IsSupplier ? 'supplier' : 'customer', name: row.Name as string };
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
    const iban = optionalText(row.IBAN);
    if (row.Main && iban !== undefined) ibans.set(row.Account, iban);
  }
  return ibans;
}
