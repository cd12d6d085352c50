import { accountIdSql } from './accounts';
import { Scope, SqlValue } from './mapping';

/**
 * The company's live GL rows, each with its line number and canonical account id.
 *
 * Rows with `is_cancelled = 1` are left out: ERPNext cancels a voucher by flagging its rows and
 * posting flagged reversal rows, so the pair nets to zero and neither is part of the books; the
 * voucher's entry leaves the source then (and `deletedSince` reports it).
 *
 * Line numbers: `idx` where set (rows written by this adapter and its fixture), else the row's
 * position in its voucher by creation and name — ERPNext itself leaves `idx` at 0 on GL Entries.
 */
export function glLinesSql(scope: Scope): { sql: string; bindings: SqlValue[] } {
  const currency = scope.facts.glTransactionCurrency ? 'COALESCE(g.transaction_currency, g.account_currency)' : 'g.account_currency';
  const vatCode = scope.facts.glVatCode ? 'g.vat_code' : 'NULL';
  return {
    sql: `SELECT g.name, g.voucher_type, g.voucher_no, g.posting_date, g.fiscal_year, g.due_date, ${currency} AS currency,
        g.modified, g.party_type, g.party, g.debit, g.credit, g.account, ${vatCode} AS vat_code, ${accountIdSql('a')} AS account_id,
        CASE WHEN g.idx > 0 THEN g.idx ELSE ROW_NUMBER() OVER (PARTITION BY g.voucher_no ORDER BY g.creation, g.name) END AS line
      FROM \`tabGL Entry\` g LEFT JOIN \`tabAccount\` a ON a.name = g.account
      WHERE g.company = ? AND g.is_cancelled = 0`,
    bindings: [scope.company],
  };
}
