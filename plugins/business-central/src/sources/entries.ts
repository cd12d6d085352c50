import { Entry, EntryLine } from '@ledgersync/sdk';
import { cents, counterpartyPrefixes, EntitySource, isoDate, SourceContext } from './source';
import { definedOnly, RowReader } from './values';

/**
 * The id of the entry a G/L line belongs to: Document No_, Posting Date and Transaction No_,
 * joined with `|`. One posting (a transaction) may carry several documents, and document numbers
 * repeat across dates in general journals, so all three are needed.
 */
export function entryIdSql(alias: string): string {
  return `CONCAT(${alias}.[Document No_], N'|', ${isoDate(`${alias}.[Posting Date]`)}, N'|', ${alias}.[Transaction No_])`;
}

/** `Source Type` 1 = Customer, 2 = Vendor: the line's counterparty, as a counterparty id. */
function counterpartySql(context: SourceContext, alias: string): { sql: string; bindings: string[] } {
  const prefix = counterpartyPrefixes(context);
  return {
    sql: `CASE ${alias}.[Source Type] WHEN 1 THEN CONCAT(?, ${alias}.[Source No_]) WHEN 2 THEN CONCAT(?, ${alias}.[Source No_]) END`,
    bindings: [prefix.customer, prefix.vendor],
  };
}

/**
 * BC keeps counterparty and description on every G/L line, the model on the entry: the first
 * line that has one gives the entry's, and lines keep only a value that differs from it. The
 * fixture writes the entry's value onto lines that have none, so this is the inverse.
 */
export function liftSharedLineFields(entry: Omit<Entry, 'counterpartyId' | 'description'>): Entry {
  // the lines are the caller's fresh objects: changed in place, as this runs per G/L line
  const lines = entry.lines;
  const counterpartyId = lines.find((line) => line.counterpartyId !== undefined)?.counterpartyId;
  const description = lines.find((line) => line.description !== undefined)?.description;
  for (const line of lines) {
    if (line.counterpartyId === counterpartyId) delete line.counterpartyId;
    if (line.description === description) delete line.description;
  }
  return definedOnly({ ...entry, counterpartyId, description, lines });
}

/**
 * Entries from G/L Entry rows, one row per line, lines numbered in `Entry No_` order. Period and
 * fiscal year are the Accounting Period rows that start on or before the posting date. Amounts
 * are in the local currency (`Amount`); the VAT code is the line's VAT product posting group.
 */
export const entrySource: EntitySource<'entry'> = {
  entity: 'entry',
  content: ['journal_id', 'number', 'posting_date', 'period_id', 'fiscal_year_id', 'account_id', 'amount_cents', 'description', 'vat_code', 'counterparty_id'],
  rows: (context) => {
    const periods = context.tables.name('accountingPeriod');
    const counterparty = counterpartySql(context, 'g');
    return context.db.raw(
      `SELECT ${entryIdSql('g')} AS id, g.[timestamp] AS ts, g.[Entry No_] AS seq,
  g.[Source Code] AS journal_id, g.[Document No_] AS number, ${isoDate('g.[Posting Date]')} AS posting_date,
  ${isoDate('pp.[Starting Date]')} AS period_id, ${isoDate('fy.[Starting Date]')} AS fiscal_year_id,
  g.[G_L Account No_] AS account_id, ${cents('g.[Amount]')} AS amount_cents, g.[Description] AS description,
  g.[VAT Prod_ Posting Group] AS vat_code, ${counterparty.sql} AS counterparty_id
  FROM ?? g
  OUTER APPLY (SELECT TOP 1 ap.[Starting Date] FROM ?? ap WHERE ap.[Starting Date] <= g.[Posting Date] ORDER BY ap.[Starting Date] DESC) pp
  OUTER APPLY (SELECT TOP 1 ay.[Starting Date] FROM ?? ay WHERE ay.[New Fiscal Year] = 1 AND ay.[Starting Date] <= g.[Posting Date] ORDER BY ay.[Starting Date] DESC) fy`,
      [...counterparty.bindings, context.tables.name('glEntry'), periods, periods],
    );
  },
  toRecord(id, rows, mapping): Entry {
    const first = new RowReader('entry', id, rows[0]);
    const lines: EntryLine[] = rows.map((row, index) => {
      const read = new RowReader('entry', id, row);
      return definedOnly({
        line: index + 1,
        accountId: read.text('account_id'),
        amount: read.integer('amount_cents'),
        description: read.optionalText('description'),
        vatCode: read.optionalText('vat_code'),
        counterpartyId: read.optionalText('counterparty_id'),
      });
    });
    return liftSharedLineFields({
      id,
      journalId: first.text('journal_id'),
      fiscalYearId: first.optionalDate('fiscal_year_id') as string,
      periodId: first.optionalDate('period_id') as string,
      number: first.text('number'),
      date: first.date('posting_date'),
      currency: mapping.currency,
      lines,
    });
  },
};
