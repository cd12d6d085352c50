import { AdapterConfigurationError } from '@ledgersync/sdk';
import { Knex } from 'knex';

/**
 * BC/NAV build a table's SQL name from the company name (Company.Name, Text[30]) with
 * `.` `"` `\` `/` `'` `%` `]` `[` replaced by `_`, the rule that turns `G/L Entry` into `G_L Entry`
 * (test/facts/company-names.json). So `"DOSSIER 1"` is the company whose tables are
 * `_DOSSIER 1_$…`. Control characters are refused: no name typed into BC holds one.
 */
const FORBIDDEN_IN_COMPANY = /[\u0000-\u001f\u007f]/;
const BC_REPLACED = /[."\\/'%\][]/g;
const COMPANY_MAX_LENGTH = 30;

/**
 * A bracket-quoted T-SQL identifier, as QUOTENAME builds it: `]` doubled, nothing dropped. Table
 * names go into SQL text this way (identifiers cannot be bound), never through knex's `??`, which
 * reads ` as ` as an alias and `.` as a schema and silently drops brackets.
 */
export function quotedIdentifier(name: string): string {
  return `[${name.replace(/]/g, ']]')}]`;
}

/** The company's name as it appears in SQL table names (`CRONUS International Ltd_`). */
export function sqlCompanyName(company: unknown): string {
  if (typeof company !== 'string' || company.trim() === '') throw new AdapterConfigurationError('company', 'must be a non-empty string');
  if (company.length > COMPANY_MAX_LENGTH) throw new AdapterConfigurationError('company', `is longer than ${COMPANY_MAX_LENGTH} characters, the limit of a BC company name`);
  if (FORBIDDEN_IN_COMPANY.test(company)) throw new AdapterConfigurationError('company', 'contains a control character, which no BC company name holds');
  return company.replace(BC_REPLACED, '_');
}

const APP_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** BC14+ table names end in `$<app id>` (the base application's GUID for standard tables). */
export function appIdSuffix(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !APP_ID.test(value)) throw new AdapterConfigurationError('appIdSuffix', 'must be an app id GUID such as 437dbf0e-84ff-417a-965d-ed2bb9650972');
  return value.toLowerCase();
}

/** BC table names (as SQL spells them, without company) this adapter reads and the fixture writes. */
export const BcTable = {
  glEntry: 'G_L Entry',
  glAccount: 'G_L Account',
  customer: 'Customer',
  vendor: 'Vendor',
  employee: 'Employee',
  custLedgerEntry: 'Cust_ Ledger Entry',
  vendorLedgerEntry: 'Vendor Ledger Entry',
  detailedCustEntry: 'Detailed Cust_ Ledg_ Entry',
  detailedVendorEntry: 'Detailed Vendor Ledg_ Entry',
  accountingPeriod: 'Accounting Period',
  sourceCode: 'Source Code',
  genJournalTemplate: 'Gen_ Journal Template',
  customerPostingGroup: 'Customer Posting Group',
  vendorPostingGroup: 'Vendor Posting Group',
  companyInformation: 'Company Information',
  generalLedgerSetup: 'General Ledger Setup',
} as const;
export type BcTableKey = keyof typeof BcTable;

/** Resolves a BC table to its SQL name in one company; `ref` gives it quoted for SQL text, `name` as a value (sys.tables, OBJECT_ID). */
export class CompanyTables {
  /** The company's name as SQL table names spell it (`.` `"` `\` `/` `'` `%` `]` `[` as `_`). */
  readonly company: string;
  /** The company's name as BC shows it: the dossier's id (the SQL form would lose `.` and `/`). */
  readonly companyName: string;
  private readonly suffix?: string;

  constructor(company: unknown, suffix?: unknown) {
    this.company = sqlCompanyName(company);
    this.companyName = company as string;
    this.suffix = appIdSuffix(suffix);
  }

  name(table: BcTableKey): string {
    const base = `${this.company}$${BcTable[table]}`;
    return this.suffix ? `${base}$${this.suffix}` : base;
  }

  /** The table as SQL text (bracket-quoted, `]` doubled) for a `??` binding or a query builder's table. */
  ref(db: Knex, table: BcTableKey): Knex.Raw {
    return db.raw(quotedIdentifier(this.name(table)));
  }
}
