/**
 * The fields the adapter reads from each Exact Online resource, under Exact's own names. Values
 * are typed loosely (`unknown` where Exact may send null): sources hold bad data, and the mappers
 * pass it on for the engine to report rather than guessing.
 */

/** `system/Divisions`. */
export interface DivisionRow {
  Code: number;
  Description?: string | null;
  Currency?: string | null;
  Country?: string | null;
  VATNumber?: string | null;
}

/** `sync/Financial/GLAccounts`. */
export interface GLAccountRow {
  ID: string;
  Code: string;
  Description: unknown;
  /** 20 accounts receivable, 22 accounts payable, 10 cash, 12 bank, 90 general, 110 revenue, … */
  Type: unknown;
  Timestamp: number | string;
}

/** `sync/CRM/Accounts`: customers and suppliers. */
export interface CrmAccountRow {
  ID: string;
  Code?: string | null;
  Name: unknown;
  /** C customer, P prospect, S suspect, A none. */
  Status?: string | null;
  IsSupplier?: boolean | null;
  VATNumber?: string | null;
  Email?: string | null;
  AddressLine1?: string | null;
  Postcode?: string | null;
  City?: string | null;
  Country?: string | null;
  Timestamp: number | string;
}

/** `crm/BankAccounts`: a CRM account's bank accounts; `Main` marks the one the model keeps. */
export interface BankAccountRow {
  Account: string;
  /** The bank account number (an IBAN in SEPA countries): the documented model has no `IBAN` field. */
  BankAccount?: string | null;
  Main?: boolean | null;
}

/** `financial/Journals`. */
export interface JournalRow {
  ID: string;
  Code: string;
  Description: unknown;
  /** 10 cash, 12 bank, 16 payment service, 20 sales, 21 return invoice, 22 purchase, 23 received return invoice, 90 general. */
  Type: unknown;
  Modified: string;
}

/** `read/financial/JournalStatusByFinancialPeriod`: one journal in one period, 0 open, 1 closed. */
export interface JournalStatusRow {
  Journal: string;
  Year: number;
  Period: number;
  Status: unknown;
}

/** `financial/FinancialPeriods`. */
export interface FinancialPeriodRow {
  ID: string;
  FinYear: number;
  FinPeriod: number;
  StartDate: string;
  EndDate: string;
  Modified: string;
}

/** `sync/Financial/TransactionLines`: one row per entry line; `EntryID` groups them. */
export interface TransactionLineRow {
  ID: string;
  EntryID: string;
  EntryNumber: unknown;
  LineNumber: unknown;
  JournalCode: string;
  FinancialYear: number;
  FinancialPeriod: number;
  Date: string;
  DueDate?: string | null;
  /** Remarks on the entry as a whole (same on every line). */
  Notes?: string | null;
  Description?: string | null;
  GLAccountCode: string;
  /** The CRM account (customer or supplier) of the line. */
  Account?: string | null;
  /** In the division's (book) currency. */
  AmountDC: unknown;
  /** In the transaction currency (`Currency`). */
  AmountFC?: unknown;
  VATCode?: string | null;
  /** The transaction currency. */
  Currency: unknown;
  /** The transaction type: 10 opening balance (the only one the model tells apart), 20 sales, 30 purchase, 90 other, … */
  Type?: unknown;
  /** The booking's reference: the proposal id of an entry the adapter pushed. */
  YourRef?: string | null;
  /** Sync endpoint only: the row version of this line (each line has its own). */
  Timestamp?: number | string;
}

/** `cashflow/Receivables` or `cashflow/Payments` with `Status eq 50`: a matched part of one transaction line. */
export interface SettledItemRow {
  ID: string;
  /** The linked transaction (the entry's `EntryID`). */
  TransactionEntryID: string;
  /** The linked transaction line (its `ID` in the transaction lines). */
  TransactionID: string;
  AmountDC: unknown;
  /** The highest invoice date of all items matched with this one. */
  EndDate: string;
  Modified: string;
}

/** `sync/Deleted`: what was deleted, by entity type and key. */
export interface DeletedRow {
  EntityKey: string;
  /** 1 TransactionLines, 2 Accounts, 3 Addresses, 7 GLAccounts, … */
  EntityType: number;
  Timestamp: number | string;
}

/** `sync/Deleted` entity types the adapter can turn into canonical deletions. */
export const DELETED_ENTITY_TYPE = { TransactionLines: 1, Accounts: 2, GLAccounts: 7 } as const;
