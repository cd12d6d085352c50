import { accountIdSql } from './accounts';
import { KeyFilter, Scope, SqlValue } from './mapping';
import { VOUCHER_DOCTYPES } from '../schema-facts';

/**
 * The company's live GL rows, each with its line number and canonical account id.
 *
 * Rows with `is_cancelled = 1` are left out: ERPNext cancels a voucher by flagging its rows and
 * posting flagged reversal rows, so the pair nets to zero and neither is part of the books; the
 * voucher's entry leaves the source then (and `deletedSince` reports it).
 *
 * Amounts are GL debit/credit: the company currency, foreign vouchers converted at their booked
 * rate (what the trial balance adds up). A row on an account in another currency also has its
 * amounts in that currency (`*_in_account_currency`): the line's currencyAmount (format 1.1).
 *
 * Rows of a finance book other than the company's default are left out, as ERPNext's reports
 * without a book filter do: they are an alternative view (tax depreciation), not the books.
 *
 * Line numbers: `idx` where set (rows written by this adapter and its fixture), else the row's
 * position in its voucher by LINE_ORDER — ERPNext itself leaves `idx` at 0 on GL Entries, and
 * renames rows after insert (hash → ACC-GLE-…), so the name is only the last tie-breaker.
 */
export function glLinesSql(scope: Scope, filter?: KeyFilter): { sql: string; bindings: SqlValue[] } {
  const vatCode = scope.facts.glVatCode ? 'g.vat_code' : 'NULL';
  const pushed = pushdown(scope, filter);
  return {
    // rows posted before GL Entry carried its fiscal year get the one whose dates hold the posting date
    sql: `SELECT g.name, g.voucher_type, g.voucher_no, g.posting_date, g.due_date,
        COALESCE(NULLIF(g.fiscal_year, ''), (SELECT MIN(fy.name) FROM \`tabFiscal Year\` fy
          WHERE fy.disabled = 0 AND g.posting_date BETWEEN fy.year_start_date AND fy.year_end_date)) AS fiscal_year, cc.default_currency AS currency,
        g.modified, g.party_type, g.party, g.debit, g.credit, g.account,
        g.account_currency, g.debit_in_account_currency, g.credit_in_account_currency, g.is_opening, ${vatCode} AS vat_code, ${accountIdSql('a')} AS account_id,
        CASE WHEN g.idx > 0 THEN g.idx ELSE ROW_NUMBER() OVER (PARTITION BY g.voucher_no ORDER BY ${lineOrder('g')}) END AS line
      FROM \`tabGL Entry\` g LEFT JOIN \`tabAccount\` a ON a.name = g.account JOIN \`tabCompany\` cc ON cc.name = g.company
      WHERE g.company = ? AND g.is_cancelled = 0 AND ${inBooksSql('g')}${pushed.sql}`,
    bindings: [scope.company, ...pushed.bindings],
  };
}

/** A row's place among its voucher's rows when `idx` is 0: what ERPNext's rename leaves alone first. */
function lineOrder(g: string): string {
  return `${g}.creation, ${g}.account, ${g}.debit, ${g}.credit, ${g}.name`;
}

/** The row is in the company's default books: no finance book, or the company's default one. */
export function inBooksSql(g: string): string {
  return `(COALESCE(${g}.finance_book, '') = '' OR ${g}.finance_book = (SELECT fb.default_finance_book FROM \`tabCompany\` fb WHERE fb.name = ${g}.company))`;
}

/** The filter's conditions on `g.voucher_no`, and its `since` as "a row or the voucher document changed since". */
function pushdown(scope: Scope, filter?: KeyFilter): { sql: string; bindings: SqlValue[] } {
  if (!filter) return { sql: '', bindings: [] };
  const conditions = filter.conditions('g.voucher_no');
  const bindings = [...filter.bindings];
  if (filter.since !== undefined) {
    const touched = [
      'SELECT t.voucher_no FROM `tabGL Entry` t WHERE t.company = ? AND t.modified >= ?',
      ...VOUCHER_DOCTYPES.map((doctype) => `SELECT d.name FROM \`tab${doctype}\` d WHERE d.company = ? AND d.modified >= ?`),
    ];
    conditions.push(`g.voucher_no IN (${touched.join(' UNION ')})`);
    for (let i = 0; i < touched.length; i++) bindings.push(scope.company, filter.since);
  }
  return { sql: conditions.map((c) => ` AND ${c}`).join(''), bindings };
}

/** The ids of the next page of entries: distinct vouchers with live rows, in byte order. */
export function voucherKeyPageSql(scope: Scope, filter: KeyFilter, limit: number): { select: string; bindings: SqlValue[] } {
  const conditions = filter.conditions('g.voucher_no').map((c) => ` AND ${c}`).join('');
  return {
    select: `SELECT g.voucher_no AS id FROM \`tabGL Entry\` g WHERE g.company = ? AND g.is_cancelled = 0 AND ${inBooksSql('g')}${conditions}
      GROUP BY g.voucher_no ORDER BY CAST(g.voucher_no AS BINARY) LIMIT ${Number(limit)}`,
    bindings: [scope.company, ...filter.bindings],
  };
}

/**
 * The line number of a live row of `voucher` on the PLE's account, by the rule above, as a
 * correlated subquery: it walks the voucher_no index instead of numbering the whole ledger.
 * With `against`, the row against that voucher comes first: a payment settling two invoices has
 * one party row per reference (each with its `against_voucher`); else the voucher's first row on
 * the account. `1 + rows before it by LINE_ORDER` is the ROW_NUMBER of glLinesSql.
 */
export function lineOnAccountSql(voucher: string, ple: string, against?: string): string {
  const row = (extra: string) => `(SELECT MIN(CASE WHEN g.idx > 0 THEN g.idx ELSE 1 + (SELECT COUNT(*) FROM \`tabGL Entry\` g2
      WHERE g2.company = g.company AND g2.voucher_no = g.voucher_no AND g2.is_cancelled = 0 AND ${inBooksSql('g2')}
        AND (${lineOrder('g2')}) < (${lineOrder('g')})) END)
    FROM \`tabGL Entry\` g WHERE g.company = ${ple}.company AND g.voucher_no = ${voucher} AND g.account = ${ple}.account AND g.is_cancelled = 0
      AND ${inBooksSql('g')}${extra})`;
  return against ? `COALESCE(${row(` AND g.against_voucher = ${against}`)}, ${row('')})` : row('');
}
