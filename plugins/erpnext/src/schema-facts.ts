import { Knex } from 'knex';

/**
 * What differs between ERPNext versions and sites, looked up once in information_schema so that
 * every query is written for the schema at hand.
 */
export interface SchemaFacts {
  /** v16+ keeps the frozen-till date on Company; older versions in Accounts Settings (tabSingles). */
  companyFrozenDate: boolean;
  /** Optional custom field `vat_code` on GL Entry (the line's VAT code). */
  glVatCode: boolean;
  /** Voucher doctypes that carry the optional custom field `ledger_number` (the number within the journal). */
  ledgerNumber: ReadonlySet<string>;
  /** The optional custom doctype `Accounting Journal` (journal names and types). */
  journalDoctype: boolean;
  /** `Fiscal Year Company`: the companies a fiscal year is restricted to (none listed: every company). */
  fiscalYearCompany: boolean;
  /** The columns of each table of READ_TABLES the site has, in table order. */
  columns: ReadonlyMap<string, readonly string[]>;
}

export const VOUCHER_DOCTYPES = ['Sales Invoice', 'Purchase Invoice', 'Journal Entry', 'Payment Entry'] as const;
export type VoucherDoctype = (typeof VOUCHER_DOCTYPES)[number];

/** Every table the adapter reads, and the column that scopes it to one company (none: shared by all). */
export const READ_TABLES: Readonly<Record<string, string | undefined>> = {
  tabCompany: 'name',
  'tabFiscal Year': undefined,
  'tabFiscal Year Company': undefined,
  'tabAccounting Journal': undefined,
  tabSingles: undefined,
  tabAccount: 'company',
  tabCustomer: undefined,
  tabSupplier: undefined,
  tabEmployee: 'company',
  tabAddress: undefined,
  tabCountry: undefined,
  'tabBank Account': undefined,
  ...Object.fromEntries(VOUCHER_DOCTYPES.map((doctype) => [`tab${doctype}`, 'company'])),
  'tabGL Entry': 'company',
  'tabPayment Ledger Entry': 'company',
  'tabDeleted Document': undefined,
};

export async function readSchemaFacts(db: Knex): Promise<SchemaFacts> {
  const tables = Object.keys(READ_TABLES);
  const [rows] = (await db.raw(
    `SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (${tables.map(() => '?').join(', ')}) ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    tables,
  )) as [{ t: string; c: string }[]];
  const columns = new Map<string, string[]>();
  for (const row of rows) columns.set(row.t, [...(columns.get(row.t) ?? []), row.c]);
  const has = (table: string, column: string) => columns.get(table)?.includes(column) ?? false;
  return {
    companyFrozenDate: has('tabCompany', 'accounts_frozen_till_date'),
    glVatCode: has('tabGL Entry', 'vat_code'),
    ledgerNumber: new Set(VOUCHER_DOCTYPES.filter((d) => has(`tab${d}`, 'ledger_number'))),
    journalDoctype: has('tabAccounting Journal', 'journal_type'),
    fiscalYearCompany: has('tabFiscal Year Company', 'company'),
    columns,
  };
}
