import { Matching, MatchingItem } from '@ledgersync/sdk';
import { centsSql, dateSql, fingerprintSql, xorSql } from '../sql/digest-sql';
import { lineOnAccountSql } from './gl-lines';
import { EntityMapping } from './mapping';

interface AllocationJson {
  name: string;
  againstNo: string;
  againstLine: number | null;
  voucherNo: string;
  voucherLine: number | null;
  amount: number;
}

/**
 * Matchings are Payment Ledger Entry allocations: rows whose voucher (the payment, credit note or
 * journal) differs from the voucher they are against (the invoice). A row's `amount` is the
 * payment's debit − credit on a Receivable account and credit − debit on a Payable one; signed back
 * to the payment line's sign X, it becomes the items { invoice line −X, payment line X }. The
 * invoice line is its first live GL row on the PLE's account; the payment line its row against that
 * invoice (ERPNext writes one per reference), else its first row on the account.
 *
 * The allocations taken from one voucher line form one matching (id: the least row name): a
 * payment line settling two invoices is one three-item matching; a Payment Entry with one party
 * row per reference gives one matching per reference. Rows with `delinked = 1` (their voucher
 * cancelled) are no matching; nor are the PLE's own rows (voucher = against), which only record
 * outstanding amounts — Unreconcile Payment turns an allocation into one (deletions.ts).
 */
export const matchings: EntityMapping<'matching'> = {
  entity: 'matching',
  sql(scope) {
    const againstLine = lineOnAccountSql('p.against_voucher_no', 'p');
    const voucherLine = lineOnAccountSql('p.voucher_no', 'p', 'p.against_voucher_no');
    // utils.create_payment_ledger_entry: amount is debit − credit on Receivable, credit − debit on Payable
    const amount = `CASE WHEN COALESCE(NULLIF(p.account_type, ''), a.account_type) = 'Payable' THEN -p.amount ELSE p.amount END`;
    const rows = `SELECT p.name AS id, p.modified AS modified, p.posting_date AS posting_date,
          p.against_voucher_no AS against_no, ${againstLine} AS against_line, p.voucher_no AS voucher_no, ${voucherLine} AS voucher_line,
          ${centsSql(amount)} AS amount,
          ${fingerprintSql(['p.name', 'p.posting_date', 'p.against_voucher_no', againstLine, 'p.voucher_no', voucherLine, amount])} AS fp
        FROM \`tabPayment Ledger Entry\` p LEFT JOIN \`tabAccount\` a ON a.name = p.account
        WHERE p.company = ? AND p.delinked = 0 AND p.against_voucher_no IS NOT NULL AND p.against_voucher_no <> p.voucher_no`;
    return {
      select: `SELECT MIN(r.id) AS id, MAX(r.modified) AS modified, ${dateSql('MIN(r.posting_date)')} AS date,
          JSON_ARRAYAGG(JSON_OBJECT('name', r.id, 'againstNo', r.against_no, 'againstLine', r.against_line,
            'voucherNo', r.voucher_no, 'voucherLine', r.voucher_line, 'amount', r.amount)) AS rows_json,
          ${xorSql('r.fp')} AS fp
        FROM (${rows}) r GROUP BY r.voucher_no, r.voucher_line`,
      bindings: [scope.company],
    };
  },
  // mysql2 parses a JSON-typed column itself; a server that types it as text leaves a string
  toRecord(row): Matching {
    const parsed = typeof row.rows_json === 'string' ? (JSON.parse(row.rows_json) as AllocationJson[]) : (row.rows_json as AllocationJson[]);
    const allocations = [...parsed].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const items: MatchingItem[] = allocations.map((r) => ({ entryId: String(r.againstNo), line: lineNumber(r.againstLine), amount: -Number(r.amount) }));
    // the voucher line's share of every allocation: one item (all rows resolve to the same line by the GROUP BY)
    const first = allocations[0];
    items.push({ entryId: String(first.voucherNo), line: lineNumber(first.voucherLine), amount: allocations.reduce((sum, r) => sum + Number(r.amount), 0) });
    return { id: String(row.id), date: String(row.date), items };
  },
};

/** A line number as read (BIGINT arrives as a string); null stays null, and the engine reports the item. */
function lineNumber(value: unknown): number {
  return (value === null || value === undefined ? null : Number(value)) as number;
}
