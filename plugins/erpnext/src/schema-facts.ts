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
}

export const VOUCHER_DOCTYPES = ['Sales Invoice', 'Purchase Invoice', 'Journal Entry', 'Payment Entry'] as const;
export type VoucherDoctype = (typeof VOUCHER_DOCTYPES)[number];

export async function readSchemaFacts(db: Knex): Promise<SchemaFacts> {
  const [rows] = (await db.raw(
    `SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS
     WHERE TABLE_SCHEMA = DATABASE() AND (
       (TABLE_NAME = 'tabCompany' AND COLUMN_NAME = 'accounts_frozen_till_date')
       OR (TABLE_NAME = 'tabGL Entry' AND COLUMN_NAME IN ('vat_code'))
       OR (TABLE_NAME IN ('tabSales Invoice', 'tabPurchase Invoice', 'tabJournal Entry', 'tabPayment Entry') AND COLUMN_NAME = 'ledger_number')
       OR (TABLE_NAME = 'tabAccounting Journal' AND COLUMN_NAME = 'journal_type')
       OR (TABLE_NAME = 'tabFiscal Year Company' AND COLUMN_NAME = 'company'))`,
  )) as [{ t: string; c: string }[]];
  const has = (table: string, column: string) => rows.some((r) => r.t === table && r.c === column);
  return {
    companyFrozenDate: has('tabCompany', 'accounts_frozen_till_date'),
    glVatCode: has('tabGL Entry', 'vat_code'),
    ledgerNumber: new Set(VOUCHER_DOCTYPES.filter((d) => has(`tab${d}`, 'ledger_number'))),
    journalDoctype: has('tabAccounting Journal', 'journal_type'),
    fiscalYearCompany: has('tabFiscal Year Company', 'company'),
  };
}
