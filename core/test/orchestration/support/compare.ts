import { LedgerState, portalFigures } from '@ledgersync/sdk';
import { expect } from 'chai';
import { openItems, Platform, platformState, trialBalance } from '../../../src/platform';
import { canonicalStateOf } from '../../platform/support/state-diff';

/** The platform holds exactly `truth` for the dossier: record by record, trial balance and open items. */
export async function expectPlatformEquals(platform: Platform, dossierId: string, truth: LedgerState, label: string): Promise<void> {
  expect(canonicalStateOf(await platformState(platform.db, dossierId)), `records, ${label}`).to.deep.equal(canonicalStateOf(truth));
  const figures = portalFigures(truth);
  expect(await trialBalance(platform.db, dossierId), `trial balance, ${label}`).to.deep.equal(figures.trialBalance);
  expect(await openItems(platform.db, dossierId), `open items, ${label}`).to.deep.equal(figures.openItems);
}
