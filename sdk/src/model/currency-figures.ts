import { Account, Entry, Matching } from './entities';

/** An open amount in one transaction currency (integer minor units of `currency`). */
export interface CurrencyAmount {
  currency: string;
  amount: number;
}

/** One open line: its book amount, what is still open of it, and its transaction currency figures. */
export interface OpenLine {
  currency: string;
  amount: number;
  open: number;
  currencyAmount?: number;
}

/**
 * The open part of a line in its transaction currency: the line's own figure for an entry in the
 * book currency; otherwise `currencyAmount` scaled by the open share of the book amount (matchings
 * are in the book currency), rounded to a minor unit; undefined when the line has no `currencyAmount`.
 */
export function openInCurrency(line: OpenLine, bookCurrency: string): number | undefined {
  if (line.currency === bookCurrency) return line.open;
  if (line.currencyAmount === undefined) return undefined;
  if (line.open === line.amount) return line.currencyAmount;
  return Math.round((line.currencyAmount * line.open) / line.amount);
}

/**
 * Per counterparty whose open lines (reconcilable, counterparty the line's else the entry's, open
 * amount not 0) all share one transaction currency and all say their amount in it: the open amount
 * in that currency. A counterparty with open lines in two currencies, or a foreign line without
 * `currencyAmount`, has no such figure (its book-currency open items still stand).
 */
export function openItemsInCurrency(
  entries: Iterable<Entry>,
  matchings: Iterable<Matching>,
  accounts: ReadonlyMap<string, Account>,
  bookCurrency: string,
): Record<string, CurrencyAmount> {
  const matched = new Map<string, number>();
  for (const matching of matchings) {
    for (const item of matching.items) matched.set(`${item.entryId}\u0000${item.line}`, (matched.get(`${item.entryId}\u0000${item.line}`) ?? 0) + item.amount);
  }
  const folder = new OpenInCurrencyFold(bookCurrency);
  for (const entry of entries) {
    for (const line of entry.lines) {
      const counterpartyId = line.counterpartyId ?? entry.counterpartyId;
      if (counterpartyId === undefined || accounts.get(line.accountId)?.reconcilable !== true) continue;
      const open = line.amount - (matched.get(`${entry.id}\u0000${line.line}`) ?? 0);
      folder.add(counterpartyId, { currency: entry.currency, amount: line.amount, open, currencyAmount: line.currencyAmount });
    }
  }
  return folder.result();
}

/** Folds open lines into per-counterparty currency figures; shared by the SDK and the platform's SQL-fed version. */
export class OpenInCurrencyFold {
  private readonly open = new Map<string, CurrencyAmount | null>();

  constructor(private readonly bookCurrency: string) {}

  add(counterpartyId: string, line: OpenLine): void {
    if (line.open === 0) return;
    const so = this.open.get(counterpartyId);
    if (so === null) return;
    const inCurrency = openInCurrency(line, this.bookCurrency);
    // null: this counterparty's open lines cannot be said in one currency
    if (inCurrency === undefined || (so !== undefined && so.currency !== line.currency)) this.open.set(counterpartyId, null);
    else this.open.set(counterpartyId, { currency: line.currency, amount: (so?.amount ?? 0) + inCurrency });
  }

  result(): Record<string, CurrencyAmount> {
    const result: Record<string, CurrencyAmount> = {};
    for (const [counterpartyId, figure] of [...this.open].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) if (figure) result[counterpartyId] = figure;
    return result;
  }
}

/**
 * Per fiscal year, per account: the sum of the lines of the year's entries, leaving out its
 * closing entries (kind `closing`), which carry profit and loss to equity and would bring every
 * result account to 0. The result accounts' sums are the year's result.
 */
export function yearResults(entries: Iterable<Entry>): Record<string, Record<string, number>> {
  const results: Record<string, Record<string, number>> = {};
  for (const entry of entries) {
    if (entry.kind === 'closing') continue;
    const year = (results[entry.fiscalYearId] ??= {});
    for (const line of entry.lines) year[line.accountId] = (year[line.accountId] ?? 0) + line.amount;
  }
  return results;
}
