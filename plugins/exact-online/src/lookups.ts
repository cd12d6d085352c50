import { SELECT } from './endpoints';

/**
 * Look-ups on financialtransaction/TransactionLines, the plain endpoint that takes field filters
 * (the sync endpoints filter on `Timestamp` only).
 */

/** Entries per look-up call: each adds ~60 characters of filter, and URLs stay well under 2,000. */
export const ENTRIES_PER_LOOKUP = 20;

/** Quotes a text literal for an OData filter. */
export function odataText(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Lines of these entries: `EntryID eq guid'…' or …` (EntryID is an Edm.Guid). */
export function entryFilter(entryIds: readonly string[]): string {
  return entryIds.map((id) => `EntryID eq guid${odataText(id)}`).join(' or ');
}

export function bookedLinesQuery(filter: string): Record<string, string> {
  return { $filter: filter, $select: SELECT.bookedLines };
}
