import { Matching } from '@ledgersync/sdk';

/**
 * One matched (settled) item as `cashflow/Receivables` and `cashflow/Payments` hold it: a part of
 * one transaction line (Exact splits a receivable or payment that is settled in parts) with
 * `Status` 50 = matched. Exact keeps no key of the match set the item belongs to; `EndDate` is
 * "the highest invoice date of all matched receivables" — the same for every item of one set.
 */
export interface SettledItem {
  entryId: string;
  line: number;
  /** Cents, signed as the line. */
  amount: number;
  /** `YYYY-MM-DD`: the set's EndDate. */
  endDate: string;
}

/** The matching id of the settled items ending on `endDate`. */
export function settledMatchingId(endDate: string): string {
  return `settled-${endDate}`;
}

/**
 * Matchings rebuilt from settled items: one per EndDate, holding every match set that ended that
 * day (whole sets only, so each sums to 0 as the sets do), an item per line with the amounts
 * settled on it summed. Which payment settled which invoice inside one day is what Exact's read
 * endpoints do not say (the fixture's holding declares it); the money settled per line is exact.
 */
export function matchingsOfSettledItems(items: Iterable<SettledItem>): Matching[] {
  const byDate = new Map<string, Map<string, { entryId: string; line: number; amount: number }>>();
  for (const item of items) {
    const lines = byDate.get(item.endDate) ?? new Map();
    byDate.set(item.endDate, lines);
    const key = `${item.entryId}\u0000${item.line}`;
    const held = lines.get(key);
    if (held) held.amount += item.amount;
    else lines.set(key, { entryId: item.entryId, line: item.line, amount: item.amount });
  }
  return [...byDate]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([endDate, lines]) => ({
      id: settledMatchingId(endDate),
      date: endDate,
      items: [...lines.values()]
        .filter((item) => item.amount !== 0)
        .sort((a, b) => (a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : a.line - b.line)),
    }));
}

/**
 * The EndDate Exact gives every item of a match set: the highest date of the entries it matches
 * (the set's own date when none of its entries is known, as for a dangling reference).
 */
export function endDateOf(matching: Matching, entryDate: (entryId: string) => string | undefined): string {
  const dates = matching.items.map((item) => entryDate(item.entryId)).filter((date): date is string => typeof date === 'string');
  return dates.length === 0 ? matching.date : dates.reduce((max, date) => (date > max ? date : max));
}
