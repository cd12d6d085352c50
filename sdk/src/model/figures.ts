import { Account, Entry, Matching } from './entities';
import { LedgerState } from './state';

/** Per account id, the sum of the amounts of all entry lines on it. Accounts without lines are absent. */
export function trialBalance(entries: Iterable<Entry>): Record<string, number> {
  const balance: Record<string, number> = {};
  for (const entry of entries) {
    for (const line of entry.lines) balance[line.accountId] = (balance[line.accountId] ?? 0) + line.amount;
  }
  return balance;
}

/**
 * Per counterparty id, over the lines on reconcilable accounts whose counterparty (the line's, else
 * the entry's) is that counterparty: line amounts minus the amounts matched on them.
 * A counterparty with such lines appears even when its open items come to 0.
 */
export function openItems(entries: Iterable<Entry>, matchings: Iterable<Matching>, accounts: ReadonlyMap<string, Account>): Record<string, number> {
  const open: Record<string, number> = {};
  const lineOwner = new Map<string, string>();
  for (const entry of entries) {
    for (const line of entry.lines) {
      const counterpartyId = line.counterpartyId ?? entry.counterpartyId;
      if (counterpartyId === undefined || accounts.get(line.accountId)?.reconcilable !== true) continue;
      open[counterpartyId] = (open[counterpartyId] ?? 0) + line.amount;
      lineOwner.set(`${entry.id}\u0000${line.line}`, counterpartyId);
    }
  }
  for (const matching of matchings) {
    for (const item of matching.items) {
      const owner = lineOwner.get(`${item.entryId}\u0000${item.line}`);
      if (owner !== undefined) open[owner] -= item.amount;
    }
  }
  return open;
}

/** Both portal figures of a whole (valid) state. */
export function portalFigures(state: LedgerState): { trialBalance: Record<string, number>; openItems: Record<string, number> } {
  return {
    trialBalance: trialBalance(state.entry.values()),
    openItems: openItems(state.entry.values(), state.matching.values(), state.account),
  };
}
