import { VOUCHER_DOCTYPES } from '../schema-facts';
import { KeyFilter, Scope, SqlValue } from './mapping';

/**
 * The submitted voucher documents whose GL Entries make entries, as one derived table with the
 * header fields an entry takes from its document: naming series (its journal), number, remarks,
 * party. GL rows of other voucher types (Period Closing Voucher, Stock Entry…) have no header here
 * and fall back to their voucher type and name.
 */
/** `filter`'s id conditions apply to the documents' names (the entry ids); its `since` does not. */
export function voucherHeadersSql(scope: Scope, filter?: KeyFilter): { sql: string; bindings: SqlValue[] } {
  const keyConditions = (filter?.conditions('name') ?? []).map((c) => ` AND ${c}`).join('');
  const number = (doctype: string) => (scope.facts.ledgerNumber.has(doctype) ? `COALESCE(NULLIF(ledger_number, ''), name)` : 'name');
  const branch = (doctype: string, description: string, partyType: string, party: string, entryType = 'NULL') =>
    `SELECT '${doctype}' AS voucher_type, ${entryType} AS entry_type, name, naming_series, ${number(doctype)} AS number, ${description} AS description,
       ${partyType} AS party_type, ${party} AS party, modified
     FROM \`tab${doctype}\` WHERE docstatus = 1 AND company = ?${keyConditions}`;
  return {
    sql: [
      branch('Sales Invoice', 'remarks', "'Customer'", 'customer'),
      branch('Purchase Invoice', 'remarks', "'Supplier'", 'supplier'),
      // a Journal Entry's own voucher_type is its kind: Bank Entry, Cash Entry, Journal Entry…
      branch('Journal Entry', 'user_remark', 'NULL', 'NULL', 'voucher_type'),
      branch('Payment Entry', 'remarks', 'party_type', 'party'),
    ].join('\nUNION ALL\n'),
    bindings: VOUCHER_DOCTYPES.flatMap(() => [scope.company, ...(filter?.bindings ?? [])]),
  };
}

/** The journal of a voucher: its naming series up to the first `.`, without trailing dashes (`VK-.YYYY.-` → `VK`). */
export function journalKeySql(header: string, voucherTypeColumn: string): string {
  return `COALESCE(NULLIF(TRIM(TRAILING '-' FROM SUBSTRING_INDEX(${header}.naming_series, '.', 1)), ''), ${voucherTypeColumn})`;
}

/** The naming series that a journal key stands for, as `journalKeySql` reads it back. */
export function namingSeriesOf(journalId: string): string {
  return `${journalId}-.YYYY.-`;
}

/** The canonical journal type of a voucher type (and, for a Journal Entry, its kind). */
export const JOURNAL_TYPE_SQL = (voucherType: string, entryType: string) => `CASE
  WHEN ${voucherType} = 'Sales Invoice' THEN 'sales' WHEN ${voucherType} = 'Purchase Invoice' THEN 'purchase'
  WHEN ${voucherType} = 'Payment Entry' OR ${entryType} IN ('Bank Entry', 'Cash Entry', 'Credit Card Entry', 'Contra Entry') THEN 'financial'
  ELSE 'general' END`;
