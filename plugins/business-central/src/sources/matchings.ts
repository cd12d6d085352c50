import { Matching, MatchingItem } from '@ledgersync/sdk';
import { cents, EntitySource, isoDate, reconcilableCondition, SourceContext } from './source';
import { entryIdSql } from './entries';
import { RowReader } from './values';

interface LedgerSide {
  prefix: string;
  detailed: 'detailedCustEntry' | 'detailedVendorEntry';
  ledger: 'custLedgerEntry' | 'vendorLedgerEntry';
  ledgerEntryNo: string;
  partyNo: string;
}

const CUSTOMER: LedgerSide = { prefix: 'C:', detailed: 'detailedCustEntry', ledger: 'custLedgerEntry', ledgerEntryNo: '[Cust_ Ledger Entry No_]', partyNo: '[Customer No_]' };
const VENDOR: LedgerSide = { prefix: 'V:', detailed: 'detailedVendorEntry', ledger: 'vendorLedgerEntry', ledgerEntryNo: '[Vendor Ledger Entry No_]', partyNo: '[Vendor No_]' };

/** `Entry Type` (enum 379 "Detailed CV Ledger Entry Type", test/facts) of an application. */
export const APPLICATION_ENTRY_TYPE = 2;

/**
 * Entry types an application posts besides Application itself, each changing what is left open
 * on an entry: Realized Loss/Gain (5, 6), Payment Discount (7–9), Appln. Rounding (10), Correction
 * of Remaining Amount (11), Payment Tolerance and Payment Discount Tolerance (12–17). Unrealized
 * Loss/Gain (3, 4) are exchange-rate adjustments of their own, not part of an application.
 */
export const APPLICATION_ADJUSTMENT_TYPES: readonly number[] = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17];

/** The G/L line (entry id and line number) a ledger's posting put on a reconcilable account for a party. */
function reconcilableLineSql(context: SourceContext, where: string, party: string): { sql: string; bindings: unknown[] } {
  const reconcilable = reconcilableCondition(context, 'n.account');
  return {
    sql: `SELECT TOP 1 n.entry_id, n.line FROM (SELECT ${entryIdSql('x')} AS entry_id,
        ROW_NUMBER() OVER (PARTITION BY x.[Transaction No_], x.[Document No_], x.[Posting Date] ORDER BY x.[Entry No_]) AS line,
        x.[G_L Account No_] AS account, x.[Source No_] AS party
      FROM ?? x WHERE ${where}) n
    WHERE n.party = ${party} AND ${reconcilable.sql} ORDER BY n.entry_id, n.line`,
    bindings: [context.tables.ref(context.db, 'glEntry'), ...reconcilable.bindings],
  };
}

/**
 * One side's application rows, `Unapplied` ones left out (an unapply marks the application and
 * posts its reversal, both `Unapplied`). Each row settles part of one ledger entry:
 * - an Application row: the item is that ledger entry's reconcilable G/L line, amount negated
 *   (an application closes its entry, so it has the opposite sign in BC and the line's sign in
 *   the canonical model);
 * - an adjustment row (discount, tolerance, gain/loss, rounding, correction): the same item on the
 *   ledger entry's line, and its counterpart on the application transaction's own reconcilable
 *   line for that party, where BC posts the adjustment to receivables/payables. So a matching still
 *   sums to zero and leaves open exactly what BC leaves open.
 */
function sideSql(context: SourceContext, side: LedgerSide): { sql: string; bindings: unknown[] } {
  const own = reconcilableLineSql(context, 'x.[Document No_] = le.[Document No_] AND x.[Posting Date] = le.[Posting Date] AND x.[Transaction No_] = le.[Transaction No_]', `le.${side.partyNo}`);
  const inTransaction = reconcilableLineSql(context, 'x.[Transaction No_] = d.[Transaction No_]', `le.${side.partyNo}`);
  const types = [APPLICATION_ENTRY_TYPE, ...APPLICATION_ADJUSTMENT_TYPES].join(', ');
  // BC zeroes Transaction No. of an application that posted no G/L entries (SetZeroTransNo) and keeps its Application No.
  const sql = `SELECT CASE WHEN d.[Transaction No_] = 0 THEN CONCAT(N'${side.prefix}A', d.[Application No_]) ELSE CONCAT(N'${side.prefix}', d.[Transaction No_]) END AS id, d.[timestamp] AS ts, CAST(d.[Entry No_] AS BIGINT) * 2 + part.n AS seq,
  ${isoDate('d.[Posting Date]')} AS match_date, part.entry_id, part.line, part.amount_cents
  FROM ?? d JOIN ?? le ON le.[Entry No_] = d.${side.ledgerEntryNo}
  OUTER APPLY (${own.sql}) gl
  OUTER APPLY (${inTransaction.sql}) tx
  CROSS APPLY (VALUES (0, ${entryIdSql('le')}, gl.line, -${cents('d.[Amount (LCY)]')}),
    (1, COALESCE(tx.entry_id, N''), tx.line, ${cents('d.[Amount (LCY)]')})) part(n, entry_id, line, amount_cents)
  WHERE d.[Unapplied] = 0 AND d.[Entry Type] IN (${types}) AND (part.n = 0 OR d.[Entry Type] <> ${APPLICATION_ENTRY_TYPE})`;
  return { sql, bindings: [context.tables.ref(context.db, side.detailed), context.tables.ref(context.db, side.ledger), ...own.bindings, ...inTransaction.bindings] };
}

/** Items on the same line are one item: an entry settled by an application and its discount is settled once, in full. */
function mergedItems(items: readonly MatchingItem[]): MatchingItem[] {
  const merged = new Map<string, MatchingItem>();
  for (const item of items) {
    const key = `${item.entryId}\u0000${item.line}`;
    const held = merged.get(key);
    if (held) held.amount += item.amount;
    else merged.set(key, { ...item });
  }
  return [...merged.values()];
}

/** Matchings: the application transactions of the detailed customer and vendor ledger entries (`C:<Transaction No.>`, `V:<…>`; `C:A<Application No.>` when BC zeroed the transaction). */
export const matchingSource: EntitySource<'matching'> = {
  entity: 'matching',
  content: ['match_date', 'entry_id', 'line', 'amount_cents'],
  rows: (context) => {
    const customer = sideSql(context, CUSTOMER);
    const vendor = sideSql(context, VENDOR);
    return context.db.raw(`${customer.sql}\n  UNION ALL\n  ${vendor.sql}`, [...customer.bindings, ...vendor.bindings] as readonly string[]);
  },
  toRecord(id, rows): Matching {
    const first = new RowReader('matching', id, rows[0]);
    return {
      id,
      date: first.date('match_date'),
      items: mergedItems(
        rows.map((row) => {
          const read = new RowReader('matching', id, row);
          // no G/L line found (a ledger entry posted to a non-reconcilable account): passed on as 0, which the engine rejects
          return { entryId: read.text('entry_id'), line: read.optionalInteger('line') ?? 0, amount: read.integer('amount_cents') };
        }),
      ),
    };
  },
};
