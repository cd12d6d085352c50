/**
 * The canonical ledger model (recorded-ledger format, version 1 with the 1.1 additions). Ids are non-empty strings unique
 * within their entity and dossier; dates are calendar dates `YYYY-MM-DD`; amounts are integers in
 * minor units, debit positive and credit negative. Optional fields may be absent, and an absent
 * field is different from a set one.
 */

export type Status = 'open' | 'closed';

export interface FiscalYear {
  id: string;
  start: string;
  end: string;
  status: Status;
}

export interface Period {
  id: string;
  fiscalYearId: string;
  /** 0 for an opening period, then 1, 2, … in order; an extended fiscal year has more than 12. */
  number: number;
  start: string;
  end: string;
  status: Status;
}

export type JournalType = 'purchase' | 'sales' | 'financial' | 'general';

export interface Journal {
  id: string;
  name: string;
  type: JournalType;
}

export interface Account {
  /** The account number, e.g. `400000`. */
  id: string;
  name: string;
  /** True for receivable and payable accounts: only their lines can be matched. */
  reconcilable: boolean;
}

export interface Address {
  street?: string;
  postalCode?: string;
  city?: string;
  country?: string;
}

/** `employee`: expense claims and advances; `other`: shareholders, authorities, any other party type. */
export type CounterpartyType = 'customer' | 'supplier' | 'employee' | 'other';

export interface Counterparty {
  id: string;
  type: CounterpartyType;
  name: string;
  vatNumber?: string;
  email?: string;
  iban?: string;
  address?: Address;
}

export interface EntryLine {
  /** 1, 2, … unique within the entry: matchings point at it. */
  line: number;
  accountId: string;
  /** In the book currency (the dossier's), always. */
  amount: number;
  /**
   * The same line in the entry's transaction currency, where it differs from the book currency:
   * integer minor units of that currency, with the sign of `amount` (0 on an exchange-difference line).
   */
  currencyAmount?: number;
  description?: string;
  vatCode?: string;
  counterpartyId?: string;
}

export type EntryKind = 'regular' | 'opening' | 'closing';

export interface Entry {
  id: string;
  journalId: string;
  fiscalYearId: string;
  periodId: string;
  /** Document number within its journal. */
  number: string;
  date: string;
  dueDate?: string;
  description?: string;
  counterpartyId?: string;
  /** The transaction currency; `dossier.currency` is the book currency. */
  currency: string;
  /** Absent means `regular`. A year-end closing entry carries profit and loss to equity. */
  kind?: EntryKind;
  lines: EntryLine[];
}

export interface MatchingItem {
  entryId: string;
  line: number;
  amount: number;
}

/** Which payment settles which invoice: amounts taken off reconcilable lines, summing to 0. */
export interface Matching {
  id: string;
  date: string;
  items: MatchingItem[];
}

export interface EntityRecordMap {
  fiscalYear: FiscalYear;
  period: Period;
  journal: Journal;
  account: Account;
  counterparty: Counterparty;
  entry: Entry;
  matching: Matching;
}

export type EntityName = keyof EntityRecordMap;
export type LedgerRecord = EntityRecordMap[EntityName];

/**
 * Entities in dependency order: a record only refers to records of entities before it.
 * Upserts travel in this order, deletes in the reverse one.
 */
export const ENTITIES: readonly EntityName[] = Object.freeze([
  'fiscalYear',
  'period',
  'journal',
  'account',
  'counterparty',
  'entry',
  'matching',
]);

export function isEntityName(value: unknown): value is EntityName {
  return typeof value === 'string' && (ENTITIES as readonly string[]).includes(value);
}

/** The dossier: one client company whose ledger is synced. */
export interface DossierInfo {
  id: string;
  name: string;
  currency: string;
  country?: string;
  vatNumber?: string;
}
