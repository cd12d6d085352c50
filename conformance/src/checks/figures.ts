import { countRecords, CurrencyAmount, LedgerState, openItemsInCurrency, portalFigures, StepExpectations, yearResults } from '@ledgersync/sdk';
import { PortalFigures } from '../platform/platform';

type Figures = Record<string, number>;

/** Lines naming each key whose figure differs: `trial balance 400000: platform 1210, source 2420`. */
export function diffFigures(label: string, platform: Figures, source: Figures, sourceName = 'source'): string[] {
  const keys = [...new Set([...Object.keys(platform), ...Object.keys(source)])].sort();
  return keys.filter((key) => (platform[key] ?? 0) !== (source[key] ?? 0)).map((key) => `${label} ${key}: platform ${platform[key] ?? 0}, ${sourceName} ${source[key] ?? 0}`);
}

/**
 * The portal's figures, as the platform computes them, against those of the truth; with the
 * format-1.1 figures where the platform gives them: each fiscal year's result without its closing
 * entries, and (with the dossier's `bookCurrency`) open items in the transaction currency.
 */
export function compareFigures(held: PortalFigures, truth: LedgerState, bookCurrency?: string): string[] {
  const expected = portalFigures(truth);
  const differences = [...diffFigures('trial balance', held.trialBalance, expected.trialBalance), ...diffFigures('open items', held.openItems, expected.openItems)];
  if (held.yearResults) {
    const results = yearResults(truth.entry.values());
    for (const year of [...new Set([...Object.keys(held.yearResults), ...Object.keys(results)])].sort()) {
      differences.push(...diffFigures(`year ${year} without its closing entries, account`, held.yearResults[year] ?? {}, results[year] ?? {}));
    }
  }
  if (held.openItemsInCurrency && bookCurrency !== undefined) {
    differences.push(...diffInCurrency(held.openItemsInCurrency, openItemsInCurrency(truth.entry.values(), truth.matching.values(), truth.account, bookCurrency)));
  }
  return differences;
}

/** `open items in the transaction currency S-ACME: platform (none), source USD -30000`. */
function diffInCurrency(platform: Record<string, CurrencyAmount>, source: Record<string, CurrencyAmount>): string[] {
  const show = (figure: CurrencyAmount | undefined) => (figure ? `${figure.currency} ${figure.amount}` : '(none)');
  const keys = [...new Set([...Object.keys(platform), ...Object.keys(source)])].sort();
  return keys.filter((key) => show(platform[key]) !== show(source[key])).map((key) => `open items in the transaction currency ${key}: platform ${show(platform[key])}, source ${show(source[key])}`);
}

/** The figures a ledger's author computed by hand for the step, against the platform's figures and record counts. */
export function compareExpectations(held: PortalFigures, platform: LedgerState, expect: StepExpectations): string[] {
  const differences: string[] = [];
  if (expect.trialBalance) differences.push(...diffFigures('trial balance', held.trialBalance, expect.trialBalance, 'expected'));
  if (expect.openItems) differences.push(...diffFigures('open items', held.openItems, expect.openItems, 'expected'));
  if (expect.counts) {
    const counts = countRecords(platform) as Record<string, number>;
    for (const [entity, count] of Object.entries(expect.counts)) {
      if (counts[entity] !== count) differences.push(`count of ${entity}: platform ${counts[entity]}, expected ${count}`);
    }
  }
  return differences;
}
