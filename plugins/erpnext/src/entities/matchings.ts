import { Matching } from '@ledgersync/sdk';
import { centsSql, dateSql, fingerprintSql } from '../sql/digest-sql';
import { lineOnAccountSql } from './gl-lines';
import { EntityMapping } from './mapping';

/**
 * Matchings are Payment Ledger Entry allocations: a row whose voucher (the payment, credit note or
 * journal) differs from the voucher it is against (the invoice). The row's `amount` is the
 * payment's debit − credit on a Receivable account and credit − debit on a Payable one; signed back
 * to the payment line's sign X, it becomes the matching { invoice line −X, payment line X }. The
 * invoice line is its first live GL row on the PLE's account; the payment line its row against that
 * invoice (one per reference), else its first row on the account. Rows with `delinked = 1` (unreconciled, or their voucher cancelled)
 * are no matching. The PLE's own rows (voucher = against) only record outstanding amounts.
 */
export const matchings: EntityMapping<'matching'> = {
  entity: 'matching',
  sql(scope) {
    const againstLine = lineOnAccountSql('p.against_voucher_no', 'p');
    const voucherLine = lineOnAccountSql('p.voucher_no', 'p', 'p.against_voucher_no');
    // utils.create_payment_ledger_entry: amount is debit − credit on Receivable, credit − debit on Payable
    const amount = `CASE WHEN COALESCE(NULLIF(p.account_type, ''), a.account_type) = 'Payable' THEN -p.amount ELSE p.amount END`;
    return {
      select: `SELECT p.name AS id, p.modified AS modified, ${dateSql('p.posting_date')} AS date,
          p.against_voucher_no AS against_no, ${againstLine} AS against_line, p.voucher_no AS voucher_no, ${voucherLine} AS voucher_line,
          ${centsSql(amount)} AS amount,
          ${fingerprintSql(['p.name', 'p.posting_date', 'p.against_voucher_no', againstLine, 'p.voucher_no', voucherLine, amount])} AS fp
        FROM \`tabPayment Ledger Entry\` p LEFT JOIN \`tabAccount\` a ON a.name = p.account
        WHERE p.company = ? AND p.delinked = 0 AND p.against_voucher_no IS NOT NULL AND p.against_voucher_no <> p.voucher_no`,
      bindings: [scope.company],
    };
  },
  toRecord(row): Matching {
    const amount = Number(row.amount);
    return {
      id: String(row.id),
      date: String(row.date),
      items: [
        { entryId: String(row.against_no), line: lineNumber(row.against_line), amount: -amount },
        { entryId: String(row.voucher_no), line: lineNumber(row.voucher_line), amount },
      ],
    };
  },
};

/** A line number as read (BIGINT arrives as a string); null stays null, and the engine reports the item. */
function lineNumber(value: unknown): number {
  return (value === null || value === undefined ? null : Number(value)) as number;
}
