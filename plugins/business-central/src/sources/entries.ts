import { Entry, EntryLine } from '@ledgersync/sdk';
import { cents, counterpartyPrefixes, EntitySource, isoDate, PagingKey, SourceContext } from './source';
import { definedOnly, RowReader } from './values';

/** Digits of a zero-padded `Transaction No.` (an Integer: at most 2,147,483,647). */
const TRANSACTION_DIGITS = 10;

/**
 * The id of the entry a G/L line belongs to: `Transaction No.` zero-padded to 10 digits, then
 * `Document No.` and `Posting Date`, joined with `|` (`0000000052|103001|2025-01-08`). One posting
 * (a transaction) may carry several documents, and document numbers repeat across dates in general
 * journals, so all three are needed. The transaction comes first so that id order is the order of
 * BC's `Transaction No.` key, along which pages are cut (see ../sql/keyed-listing.ts).
 */
export function entryIdSql(alias: string): string {
  return `CONCAT(RIGHT(CONCAT(N'000000000', ${alias}.[Transaction No_]), ${TRANSACTION_DIGITS}), N'|', ${alias}.[Document No_], N'|', ${isoDate(`${alias}.[Posting Date]`)})`;
}

/** The id of an entry as entryIdSql builds it (the fixture and the BC form of ledgers use it). */
export function entryIdOf(transaction: number, documentNo: string, date: string): string {
  return `${String(transaction).padStart(TRANSACTION_DIGITS, '0')}|${documentNo}|${date}`;
}

/**
 * The parts of an entry id (`entryIdOf`), read from its fixed-width ends: 10 digits of transaction
 * first, a 10-character date last, the Document No. between. A Document No. may hold `|` itself
 * (a Code field takes it), so splitting at `|` would be ambiguous; the ends are not.
 */
export function entryIdParts(id: string): { transaction: number; documentNo: string; date: string } | undefined {
  const match = /^(\d{10})\|([\s\S]*)\|(\d{4}-\d{2}-\d{2})$/.exec(id);
  return match ? { transaction: Number(match[1]), documentNo: match[2], date: match[3] } : undefined;
}

/** The transaction an entry id begins with, if it is one (`entryIdOf`). */
export function transactionOfEntryId(id: string): number | undefined {
  const match = /^(\d{10})\|/.exec(id);
  return match ? Number(match[1]) : undefined;
}

/** Entries are cut along G/L Entry's `Transaction No.` key (BC keeps an index on it). */
export const ENTRY_PAGING_KEY: PagingKey = {
  table: 'glEntry',
  column: '[Transaction No_]',
  ofId(id) {
    const transaction = entryIdParts(id)?.transaction;
    if (transaction === undefined) throw new RangeError(`cursor id ${JSON.stringify(id)} is not an entry id of this adapter`);
    return transaction;
  },
};

/** `Source Type` (enum 82): 1 Customer, 2 Vendor, 6 Employee: the line's counterparty, as a counterparty id. */
function counterpartySql(context: SourceContext, alias: string): { sql: string; bindings: string[] } {
  const prefix = counterpartyPrefixes(context);
  return {
    sql: `CASE ${alias}.[Source Type] WHEN 1 THEN CONCAT(?, ${alias}.[Source No_]) WHEN 2 THEN CONCAT(?, ${alias}.[Source No_]) WHEN 6 THEN CONCAT(?, ${alias}.[Source No_]) END`,
    bindings: [prefix.customer, prefix.vendor, prefix.employee],
  };
}

/**
 * A closing date (`ClosingDates = true` on Posting Date) is the date at 23:59:59 in SQL: year-end
 * closing entries sit there, apart from the day's regular entries.
 */
export const closingDateSql = (column: string): string => `CASE WHEN CONVERT(char(8), ${column}, 108) = '23:59:59' THEN 1 ELSE 0 END`;

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

function currencySql(context: SourceContext): string {
  if (context.sourceCurrency === false) return `N'' AS currency_code, 0 AS currency_cents`;
  return `g.[Source Currency Code] AS currency_code, ${cents('g.[Source Currency Amount]')} AS currency_cents`;
}

/**
 * Entries from G/L Entry rows, one row per line, lines numbered in `Entry No.` order. Period and
 * fiscal year are the Accounting Period rows that start on or before the posting date. Amounts
 * are in the local currency (`Amount`, captioned Amount (LCY)); where a line's `Source Currency
 * Code` is another currency, its `Source Currency Amount` is the line's `currencyAmount` and that
 * currency the entry's. The VAT code is the line's VAT product posting group. An entry on a
 * closing date is `kind: 'closing'`.
 */
export const entrySource: EntitySource<'entry'> = {
  entity: 'entry',
  content: ['journal_id', 'number', 'posting_date', 'closing', 'period_id', 'fiscal_year_id', 'account_id', 'amount_cents', 'currency_code', 'currency_cents', 'description', 'vat_code', 'counterparty_id'],
  pagingKey: ENTRY_PAGING_KEY,
  rows: (context) => {
    const periods = context.tables.ref(context.db, 'accountingPeriod');
    const counterparty = counterpartySql(context, 'g');
    return context.db.raw(
      `SELECT ${entryIdSql('g')} AS id, g.[Transaction No_] AS k, g.[timestamp] AS ts, g.[Entry No_] AS seq,
  g.[Source Code] AS journal_id, g.[Document No_] AS number, ${isoDate('g.[Posting Date]')} AS posting_date, ${closingDateSql('g.[Posting Date]')} AS closing,
  ${isoDate('pp.[Starting Date]')} AS period_id, ${isoDate('fy.[Starting Date]')} AS fiscal_year_id,
  g.[G_L Account No_] AS account_id, ${cents('g.[Amount]')} AS amount_cents, ${currencySql(context)}, g.[Description] AS description,
  g.[VAT Prod_ Posting Group] AS vat_code, ${counterparty.sql} AS counterparty_id
  FROM ?? g
  OUTER APPLY (SELECT TOP 1 ap.[Starting Date] FROM ?? ap WHERE ap.[Starting Date] <= g.[Posting Date] ORDER BY ap.[Starting Date] DESC) pp
  OUTER APPLY (SELECT TOP 1 ay.[Starting Date] FROM ?? ay WHERE ay.[New Fiscal Year] = 1 AND ay.[Starting Date] <= g.[Posting Date] ORDER BY ay.[Starting Date] DESC) fy`,
      [...counterparty.bindings, context.tables.ref(context.db, 'glEntry'), periods, periods],
    );
  },
  toRecord(id, rows, mapping): Entry {
    const first = new RowReader('entry', id, rows[0]);
    const foreign = (read: RowReader) => {
      const code = read.optionalText('currency_code');
      return code !== undefined && code !== mapping.currency ? code : undefined;
    };
    const readers = rows.map((row) => new RowReader('entry', id, row));
    const currency = readers.map(foreign).find((code) => code !== undefined) ?? mapping.currency;
    const lines: EntryLine[] = readers.map((read, index) =>
      definedOnly({
        line: index + 1,
        accountId: read.text('account_id'),
        amount: read.integer('amount_cents'),
        currencyAmount: currency !== mapping.currency && foreign(read) === currency ? read.integer('currency_cents') : undefined,
        description: read.optionalText('description'),
        vatCode: read.optionalText('vat_code'),
        counterpartyId: read.optionalText('counterparty_id'),
      }),
    );
    const closing = first.optionalInteger('closing') === 1;
    return liftSharedLineFields({
      id,
      journalId: first.text('journal_id'),
      fiscalYearId: first.optionalDate('fiscal_year_id') as string,
      periodId: first.optionalDate('period_id') as string,
      number: first.text('number'),
      date: first.date('posting_date'),
      currency,
      ...(closing ? { kind: 'closing' as const } : {}),
      lines,
    });
  },
};
