/**
 * The resources the adapter reads and the fields it selects. The fixture driver renders the same
 * URLs, so both sides share this file.
 */
export const RESOURCES = {
  divisions: 'system/Divisions',
  glAccounts: 'sync/Financial/GLAccounts',
  crmAccounts: 'sync/CRM/Accounts',
  bankAccounts: 'crm/BankAccounts',
  journals: 'financial/Journals',
  periods: 'financial/FinancialPeriods',
  transactionLines: 'sync/Financial/TransactionLines',
  /** Per journal, year and period: 0 open, 1 closed. The only documented source of period closing. */
  journalStatus: 'read/financial/JournalStatusByFinancialPeriod',
  /**
   * Settled items: receivables (G/L accounts of type 20) and payments (type 22), each a part of
   * one transaction line, `Status` 50 once matched. The documented GET for matched items
   * (`financial/MatchSets` is documented for POST only).
   */
  receivables: 'cashflow/Receivables',
  payments: 'cashflow/Payments',
  deleted: 'sync/Deleted',
  /** Transaction lines filtered by field (`YourRef`): the plain endpoint, not the sync one. */
  bookedLines: 'financialtransaction/TransactionLines',
} as const;

export type ResourceName = keyof typeof RESOURCES;

export const SELECT = {
  divisions: 'Code,Description,Currency,Country,VATNumber',
  glAccounts: 'ID,Code,Description,Type,Timestamp',
  glAccountKeys: 'ID,Code,Timestamp',
  crmAccounts: 'ID,Code,Name,Status,IsSupplier,VATNumber,Email,AddressLine1,Postcode,City,Country,Timestamp',
  bankAccounts: 'Account,BankAccount,Main',
  journals: 'ID,Code,Description,Type,Modified',
  periods: 'ID,FinYear,FinPeriod,StartDate,EndDate,Modified',
  journalStatus: 'Journal,Year,Period,Status',
  transactionLines:
    'ID,EntryID,EntryNumber,LineNumber,JournalCode,FinancialYear,FinancialPeriod,Date,DueDate,Notes,Description,GLAccountCode,Account,AmountDC,AmountFC,VATCode,Currency,Type,Timestamp',
  transactionLineKeys: 'ID,EntryID,Timestamp',
  bookedLines:
    'ID,EntryID,EntryNumber,LineNumber,JournalCode,FinancialYear,FinancialPeriod,Date,DueDate,Notes,Description,GLAccountCode,Account,AmountDC,AmountFC,VATCode,Currency,Type,YourRef',
  settledItems: 'ID,TransactionEntryID,TransactionID,AmountDC,EndDate,Modified',
  /** A transaction line's GUID to its entry and line number: settled items name the line by GUID. */
  transactionLineNumbers: 'ID,EntryID,LineNumber,Timestamp',
  deleted: 'EntityKey,EntityType,Timestamp',
} as const;

/** Rows per page: the sync endpoints return 1000, the other REST endpoints 60. */
export const SYNC_PAGE_SIZE = 1000;
export const REST_PAGE_SIZE = 60;

/**
 * Query of a sync endpoint: rows whose row version is above `after`. `Timestamp` is an Edm.Int64,
 * and OData v2 writes an Int64 literal with the `L` suffix (`Timestamp gt 123L`), as Exact's own
 * examples and the generated clients do.
 */
export function syncQuery(select: string, after: bigint): Record<string, string> {
  return { $filter: `Timestamp gt ${after}L`, $select: select };
}

/** Every GET the adapter makes, with the fields it selects: the facts test checks them against Exact's documented models. */
export const READS: readonly { resource: string; select: string }[] = [
  { resource: RESOURCES.divisions, select: SELECT.divisions },
  { resource: RESOURCES.glAccounts, select: SELECT.glAccounts },
  { resource: RESOURCES.glAccounts, select: SELECT.glAccountKeys },
  { resource: RESOURCES.crmAccounts, select: SELECT.crmAccounts },
  { resource: RESOURCES.bankAccounts, select: SELECT.bankAccounts },
  { resource: RESOURCES.journals, select: SELECT.journals },
  { resource: RESOURCES.periods, select: SELECT.periods },
  { resource: RESOURCES.journalStatus, select: SELECT.journalStatus },
  { resource: RESOURCES.transactionLines, select: SELECT.transactionLines },
  { resource: RESOURCES.transactionLines, select: SELECT.transactionLineKeys },
  { resource: RESOURCES.bookedLines, select: SELECT.bookedLines },
  { resource: RESOURCES.transactionLines, select: SELECT.transactionLineNumbers },
  { resource: RESOURCES.receivables, select: SELECT.settledItems },
  { resource: RESOURCES.payments, select: SELECT.settledItems },
  { resource: RESOURCES.deleted, select: SELECT.deleted },
];

/** `Status` of a receivable or payment: 20 open, 30 selected, 40 processed, 50 matched. */
export const SETTLED_STATUS = 50;

/** Query of the settled items of `cashflow/Receivables` or `cashflow/Payments`. */
export function settledQuery(): Record<string, string> {
  return { $filter: `Status eq ${SETTLED_STATUS}`, $select: SELECT.settledItems };
}

export function divisionQuery(division: number): Record<string, string> {
  return { $filter: `Code eq ${division}`, $select: SELECT.divisions };
}

/** Encodes a query the way the client sends it (the fixture's cassettes must match it byte for byte). */
export function encodeQuery(query: Record<string, string>): string {
  return Object.entries(query).map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
}
