import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readRecordedLedgerFile, recordsOf, replay } from '@ledgersync/sdk';
import { oracleCounts, oracleFigures, oracleValidState, Source } from './oracle';

/** The public ledgers and the shared ones (the format's own examples, when this machine has them). */
const DIRECTORIES = [join(__dirname, '../../../../conformance/ledgers'), '/work/shared/ledgers'];

function ledgerFiles(): string[] {
  const files: string[] = [];
  for (const directory of DIRECTORIES) {
    let names: string[] = [];
    try {
      names = readdirSync(directory);
    } catch {
      continue; // the shared directory exists only on the project's machines
    }
    files.push(...names.filter((n) => n.endsWith('.json')).sort().map((n) => join(directory, n)));
  }
  return files;
}

describe('oracle against the recorded ledgers\' hand-computed figures', () => {
  const files = ledgerFiles();
  it('finds the public ledgers', () => {
    expect(files.filter((f) => f.includes('conformance'))).to.have.length.greaterThan(0);
  });
  for (const file of files) {
    it(`computes every step's expect figures of ${file}`, () => {
      const ledger = readRecordedLedgerFile(file);
      let checked = 0;
      for (const replayed of replay(ledger)) {
        const expected = replayed.step.expect;
        if (!expected) continue;
        const { valid } = oracleValidState(recordsOf(replayed.source) as unknown as Source, { bookCurrency: ledger.dossier.currency });
        const label = `${ledger.name} step ${replayed.index} (${replayed.step.label})`;
        const figures = oracleFigures(valid);
        if (expected.trialBalance) expect(figures.trialBalance, `trial balance, ${label}`).to.deep.equal(expected.trialBalance);
        if (expected.openItems) expect(figures.openItems, `open items, ${label}`).to.deep.equal(expected.openItems);
        if (expected.counts) expect(oracleCounts(valid), `counts, ${label}`).to.deep.include(expected.counts);
        checked += 1;
      }
      expect(checked, 'steps with expect figures').to.be.greaterThan(0);
    });
  }
});
