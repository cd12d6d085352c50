import { countRecords, LedgerState, portalFigures, StepExpectations } from '@ledgersync/sdk';
import { PortalFigures } from '../platform/platform';

type Figures = Record<string, number>;

/** Lines naming each key whose figure differs: `trial balance 400000: platform 1210, source 2420`. */
export function diffFigures(label: string, platform: Figures, source: Figures, sourceName = 'source'): string[] {
  const keys = [...new Set([...Object.keys(platform), ...Object.keys(source)])].sort();
  return keys.filter((key) => (platform[key] ?? 0) !== (source[key] ?? 0)).map((key) => `${label} ${key}: platform ${platform[key] ?? 0}, ${sourceName} ${source[key] ?? 0}`);
}

/** The portal's figures, as the platform computes them, against those of the truth. */
export function compareFigures(held: PortalFigures, truth: LedgerState): string[] {
  const expected = portalFigures(truth);
  return [...diffFigures('trial balance', held.trialBalance, expected.trialBalance), ...diffFigures('open items', held.openItems, expected.openItems)];
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
