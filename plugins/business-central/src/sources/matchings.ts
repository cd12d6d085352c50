import { Matching } from '@ledgersync/sdk';
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

/** `Entry Type` option value of an application in the detailed ledger entry tables. */
export const APPLICATION_ENTRY_TYPE = 2;

/**
 * One side's application rows. Each row settles part of one ledger entry; the matched line is the
 * G/L line of that ledger entry's posting that sits on a reconcilable account for the same party.
 * The amount is negated: an application closes its entry, so it has the opposite sign in BC and
 * the same sign as the line in the canonical model. Unapplied applications (and their reversals)
 * are left out.
 */
function sideSql(context: SourceContext, side: LedgerSide): { sql: string; bindings: unknown[] } {
  const reconcilable = reconcilableCondition(context, 'n.account');
  const sql = `SELECT CONCAT(N'${side.prefix}', d.[Transaction No_]) AS id, d.[timestamp] AS ts, d.[Entry No_] AS seq,
  ${isoDate('d.[Posting Date]')} AS match_date, ${entryIdSql('le')} AS entry_id, gl.line AS line, -${cents('d.[Amount (LCY)]')} AS amount_cents
  FROM ?? d JOIN ?? le ON le.[Entry No_] = d.${side.ledgerEntryNo}
  OUTER APPLY (SELECT TOP 1 n.line FROM (SELECT ROW_NUMBER() OVER (ORDER BY x.[Entry No_]) AS line, x.[G_L Account No_] AS account, x.[Source No_] AS party
      FROM ?? x WHERE x.[Document No_] = le.[Document No_] AND x.[Posting Date] = le.[Posting Date] AND x.[Transaction No_] = le.[Transaction No_]) n
    WHERE n.party = le.${side.partyNo} AND ${reconcilable.sql} ORDER BY n.line) gl
  WHERE d.[Entry Type] = ${APPLICATION_ENTRY_TYPE} AND d.[Unapplied] = 0`;
  return { sql, bindings: [context.tables.name(side.detailed), context.tables.name(side.ledger), context.tables.name('glEntry'), ...reconcilable.bindings] };
}

/** Matchings: the application transactions of the detailed customer and vendor ledger entries (`C:<Transaction No_>`, `V:<…>`). */
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
      items: rows.map((row) => {
        const read = new RowReader('matching', id, row);
        // no G/L line found (a ledger entry posted to a non-reconcilable account): passed on as 0, which the engine rejects
        return { entryId: read.text('entry_id'), line: read.optionalInteger('line') ?? 0, amount: read.integer('amount_cents') };
      }),
    };
  },
};
