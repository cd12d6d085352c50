import { Entry, EntryLine } from '@ledgersync/sdk';
import { calendarDate, codeText, optionalText } from '../odata';
import { untaggedNotes } from '../push/booking';
import { cents, minorUnits } from './amounts';
import { fiscalYearIdOf, periodIdOf } from './calendar';
import { TransactionLineRow } from './rows';

/** Exact's transaction type of an opening balance (`Type` 10, as GeneralJournalEntries documents it). */
export const OPENING_BALANCE_TYPE = 10;

/**
 * The counterparties of an entry from the CRM account on each of its transaction lines (Exact
 * keeps one per line, none per entry): the entry's is the first line's that names one, and a line
 * keeps its own only where it differs from that.
 */
export function partiesOfLines(accounts: (string | undefined)[]): { entry?: string; lines: (string | undefined)[] } {
  const entry = accounts.find((account) => account !== undefined);
  return { entry, lines: accounts.map((account) => (account !== entry ? account : undefined)) };
}

/**
 * One entry from the transaction lines that share its `EntryID`. Header fields come from the
 * lowest line; the counterparties come from the lines' CRM accounts (`partiesOfLines`). `AmountDC` is in the division's currency (`bookCurrency`) and becomes the
 * line's amount; `AmountFC` is in the transaction currency (`Currency`) and becomes its
 * `currencyAmount`, only where that currency is not the division's (format 1.1).
 */
export function entryOf(lines: TransactionLineRow[], bookCurrency: string): Entry {
  const sorted = [...lines].sort((a, b) => Number(a.LineNumber) - Number(b.LineNumber));
  const head = sorted[0];
  const parties = partiesOfLines(sorted.map((line) => optionalText(line.Account)));
  const counterpartyId = parties.entry;
  const entry: Entry = {
    id: head.EntryID,
    journalId: codeText(head.JournalCode) as string,
    fiscalYearId: fiscalYearIdOf(head.FinancialYear),
    periodId: periodIdOf(head.FinancialYear, head.FinancialPeriod),
    number: String(head.EntryNumber),
    date: calendarDate(head.Date) as string,
    currency: head.Currency as string,
    lines: sorted.map((row, i) => lineOf(row, parties.lines[i], head.Currency !== bookCurrency ? (head.Currency as string) : undefined)),
  };
  if (head.Type === OPENING_BALANCE_TYPE) entry.kind = 'opening';
  const dueDate = calendarDate(head.DueDate);
  const notes = optionalText(head.Notes);
  const description = notes === undefined ? undefined : untaggedNotes(notes);
  if (dueDate !== undefined) entry.dueDate = dueDate;
  if (description !== undefined) entry.description = description;
  if (counterpartyId !== undefined) entry.counterpartyId = counterpartyId;
  return entry;
}

function lineOf(row: TransactionLineRow, counterpartyId?: string, foreignCurrency?: string): EntryLine {
  const line: EntryLine = { line: row.LineNumber as number, accountId: codeText(row.GLAccountCode) as string, amount: cents(row.AmountDC) };
  if (foreignCurrency !== undefined) line.currencyAmount = minorUnits(row.AmountFC, foreignCurrency);
  const description = optionalText(row.Description);
  const vatCode = codeText(row.VATCode);
  if (description !== undefined) line.description = description;
  if (vatCode !== undefined) line.vatCode = vatCode;
  if (counterpartyId !== undefined) line.counterpartyId = counterpartyId;
  return line;
}
