import { DeclaredLoss } from '../driver';
import { LedgersyncError, LedgerState, portalFigures, StepExpectations } from '@ledgersync/sdk';
import { PortalFigures } from '../platform/platform';

/** A driver's declaration of how the package holds a ledger that would change money: the suite refuses it. */
export class DeclarationRefusedError extends LedgersyncError {
  constructor(detail: string) {
    super('CONFORMANCE_DECLARATION_REFUSED', detail);
  }
}

/** Fields that carry money: a loss declared on one of them could hide a wrong figure. */
const MONEY_FIELDS: Record<string, RegExp> = {
  entry: /^lines(\[\])?(\.(amount|currencyAmount|accountId|counterpartyId))?$|^counterpartyId$/,
  matching: /^items(\[\])?(\.(amount|entryId|line))?$/,
  account: /^reconcilable$/,
};

/** Refuses, before any step runs, a declared loss on a field that carries money. */
export function refuseMoneyLosses(losses: readonly DeclaredLoss[]): void {
  for (const loss of losses) {
    if (MONEY_FIELDS[loss.entity]?.test(loss.field)) throw new DeclarationRefusedError(`a declared loss may not change money: ${loss.entity}.${loss.field} (${loss.reason})`);
  }
}

/**
 * The ledger's own figures against those of the state as the package holds it. The package may
 * rename accounts and counterparties (integer keys), so each figure set is compared as the sorted
 * list of its non-zero amounts: a changed, lost or added amount shows, a renamed key does not.
 */
export function moneyChanged(ledger: LedgerState, held: LedgerState): string[] {
  const own = portalFigures(ledger);
  const kept = portalFigures(held);
  const refused = (label: string) => `CONFORMANCE_DECLARATION_REFUSED: the ${label} as the package holds the ledger differs from the ledger's own`;
  return [...sameAmounts(refused('trial balance'), own.trialBalance, kept.trialBalance), ...sameAmounts(refused('open items'), own.openItems, kept.openItems)];
}

function sameAmounts(what: string, ledger: Record<string, number>, held: Record<string, number>): string[] {
  const amounts = (figures: Record<string, number>) => Object.values(figures).filter((amount) => amount !== 0).sort((a, b) => a - b);
  const a = amounts(ledger);
  const b = amounts(held);
  if (a.length === b.length && a.every((amount, i) => amount === b[i])) return [];
  const missing = a.filter((amount) => !b.includes(amount));
  const extra = b.filter((amount) => !a.includes(amount));
  return [`${what} (amounts only on the first side: [${missing.slice(0, 5).join(', ')}]; only on the second: [${extra.slice(0, 5).join(', ')}])`];
}

/** The author's expected figures against the platform's, by amounts: under the package's ids the keys differ (record counts are not compared: the package may derive records). */
export function expectedAmounts(held: PortalFigures, expect: StepExpectations): string[] {
  return [
    ...(expect.trialBalance ? sameAmounts('the trial balance differs from the expected', expect.trialBalance, held.trialBalance) : []),
    ...(expect.openItems ? sameAmounts('the open items differ from the expected', expect.openItems, held.openItems) : []),
  ];
}
