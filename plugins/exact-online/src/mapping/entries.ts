import { Entry, EntryLine, Matching } from '@ledgersync/sdk';
import { calendarDate, codeText, optionalText } from '../odata';
import { cents } from './amounts';
import { fiscalYearIdOf, periodIdOf } from './calendar';
import { MatchSetLineRow, MatchSetRow, TransactionLineRow } from './rows';

/**
 * One entry from the transaction lines that share its `EntryID`. Header fields come from the
 * lowest line; the entry's counterparty is the first line's CRM account, and a line keeps its own
 * only where it differs.
 */
export function entryOf(lines: TransactionLineRow[]): Entry {
  const sorted = [...lines].sort((a, b) => Number(a.LineNumber) - Number(b.LineNumber));
  const head = sorted[0];
  const counterpartyId = optionalText(sorted.find((line) => optionalText(line.Account) !== undefined)?.Account);
  const entry: Entry = {
    id: head.EntryID,
    journalId: codeText(head.JournalCode) as string,
    fiscalYearId: fiscalYearIdOf(head.FinancialYear),
    periodId: periodIdOf(head.FinancialYear, head.FinancialPeriod),
    number: String(head.EntryNumber),
    date: calendarDate(head.Date) as string,
    currency: head.Currency as string,
    lines: sorted.map((row) => lineOf(row, counterpartyId)),
  };
  const dueDate = calendarDate(head.DueDate);
  const description = optionalText(head.Notes);
  if (dueDate !== undefined) entry.dueDate = dueDate;
  if (description !== undefined) entry.description = description;
  if (counterpartyId !== undefined) entry.counterpartyId = counterpartyId;
  return entry;
}

function lineOf(row: TransactionLineRow, entryCounterparty?: string): EntryLine {
  const line: EntryLine = { line: row.LineNumber as number, accountId: codeText(row.GLAccountCode) as string, amount: cents(row.AmountDC) };
  const description = optionalText(row.Description);
  const vatCode = codeText(row.VATCode);
  const counterpartyId = optionalText(row.Account);
  if (description !== undefined) line.description = description;
  if (vatCode !== undefined) line.vatCode = vatCode;
  if (counterpartyId !== undefined && counterpartyId !== entryCounterparty) line.counterpartyId = counterpartyId;
  return line;
}

/** A match set as a matching: the amounts it takes off each entry line. */
export function matchingOf(row: MatchSetRow): Matching {
  const lines: MatchSetLineRow[] = Array.isArray(row.MatchSetLines) ? row.MatchSetLines : row.MatchSetLines?.results ?? [];
  return {
    id: row.ID,
    date: calendarDate(row.MatchDate) as string,
    items: lines.map((line) => ({ entryId: line.EntryID, line: line.LineNumber as number, amount: cents(line.AmountDC) })),
  };
}
