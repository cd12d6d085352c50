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
  matchSets: 'financial/MatchSets',
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
  bankAccounts: 'Account,IBAN,Main',
  journals: 'ID,Code,Description,Type,Modified',
  periods: 'ID,FinYear,FinPeriod,StartDate,EndDate,Modified',
  transactionLines:
    'ID,EntryID,EntryNumber,LineNumber,JournalCode,FinancialYear,FinancialPeriod,Date,DueDate,Notes,Description,GLAccountCode,Account,AmountDC,VATCode,Currency,Timestamp',
  transactionLineKeys: 'ID,EntryID,Timestamp',
  bookedLines:
    'ID,EntryID,EntryNumber,LineNumber,JournalCode,FinancialYear,FinancialPeriod,Date,DueDate,Notes,Description,GLAccountCode,Account,AmountDC,VATCode,Currency,YourRef,Timestamp',
  matchSets: 'ID,MatchDate,Modified,MatchSetLines/EntryID,MatchSetLines/LineNumber,MatchSetLines/AmountDC',
  deleted: 'EntityKey,EntityType,Timestamp',
} as const;

/** Rows per page: the sync endpoints return 1000, the other REST endpoints 60. */
export const SYNC_PAGE_SIZE = 1000;
export const REST_PAGE_SIZE = 60;

/** Query of a sync endpoint: rows whose row version is above `after` (Exact's `Timestamp gt n` paging). */
export function syncQuery(select: string, after: bigint): Record<string, string> {
  return { $filter: `Timestamp gt ${after}`, $select: select };
}

export function divisionQuery(division: number): Record<string, string> {
  return { $filter: `Code eq ${division}`, $select: SELECT.divisions };
}

/** Encodes a query the way the client sends it (the fixture's cassettes must match it byte for byte). */
export function encodeQuery(query: Record<string, string>): string {
  return Object.entries(query).map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
}
