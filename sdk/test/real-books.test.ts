import { expect } from 'chai';
import { join } from 'node:path';
import { countRecords, openItemsInCurrency, portalFigures, readRecordedLedgerFile, replay, truthOf, yearResults } from '../src';
import { LEDGER_DIR } from './paths';

/** conformance/ledgers/real-books-1.1.json against the figures worked out by hand in real-books-1.1.md. */
describe('real-books-1.1: every 1.1 addition, replayed', () => {
  const ledger = readRecordedLedgerFile(join(LEDGER_DIR, 'real-books-1.1.json'));
  const steps = [...replay(ledger)];
  const truths = steps.map((replayed) => truthOf(ledger, replayed));

  steps.forEach((replayed, index) => {
    it(`step ${index} (${replayed.step.label}) reproduces the expected figures exactly`, () => {
      const { state } = truths[index];
      const figures = portalFigures(state);
      expect(figures.trialBalance).to.deep.equal(replayed.step.expect!.trialBalance);
      expect(figures.openItems).to.deep.equal(replayed.step.expect!.openItems);
      expect(countRecords(state)).to.deep.include(replayed.step.expect!.counts!);
    });
  });

  it('gives the open items in the transaction currency worked out by hand', () => {
    const inCurrency = truths.map(({ state }) => openItemsInCurrency(state.entry.values(), state.matching.values(), state.account, ledger.dossier.currency));
    expect(inCurrency).to.deep.equal([
      // C-ACME's open lines are both USD invoices; E-01's are all matched
      { 'C-ACME': { currency: 'USD', amount: 150000 }, 'O-SH1': { currency: 'EUR', amount: -5000 }, 'S-ACME': { currency: 'USD', amount: -30000 } },
      { 'O-SH1': { currency: 'EUR', amount: -5000 }, 'S-ACME': { currency: 'USD', amount: -30000 } },
      // the matching undone: C-ACME's three USD lines are open again and come to USD 0; the silent change moves S-ACME's USD alone
      { 'C-ACME': { currency: 'USD', amount: 0 }, 'O-SH1': { currency: 'EUR', amount: -5000 }, 'S-ACME': { currency: 'USD', amount: -31000 } },
      { 'S-ACME': { currency: 'USD', amount: -31000 } },
    ]);
  });

  it('gives the 2024 result without its closing entry, and the closing entry brings the result accounts to 0', () => {
    const last = truths[3].state;
    const results = yearResults(last.entry.values());
    expect(results['2024']).to.deep.include({ 700000: -139000, 600000: 28500, 612000: 20000 });
    expect(-(results['2024']['700000'] + results['2024']['600000'] + results['2024']['612000'])).to.equal(90500);
    expect(results['2025']).to.deep.equal({ 400000: -139000, 489000: 5000, 550000: 130000, 754000: 4000 });
    const balance = portalFigures(last).trialBalance;
    expect([balance['700000'], balance['600000'], balance['612000']]).to.deep.equal([0, 0, 0]);
    expect(last.entry.get('MEM-2024-000')!.kind).to.equal('opening');
    expect(last.period.get(last.entry.get('MEM-2024-000')!.periodId)!.number).to.equal(0);
  });

  it('changes only the foreign amount in the silent step, keeps its marker, and quarantines the EUR entry with a currencyAmount', () => {
    const before = steps[1].source.entry.get('AK-2024-001')!;
    const after = steps[2].source.entry.get('AK-2024-001')!;
    expect(after.marker).to.equal(before.marker);
    const lines = (held: typeof before) => (held.record as { lines: { amount: number; currencyAmount?: number }[] }).lines;
    expect(lines(after).map((l) => l.amount)).to.deep.equal(lines(before).map((l) => l.amount));
    expect(lines(after).map((l) => l.currencyAmount)).to.not.deep.equal(lines(before).map((l) => l.currencyAmount));
    expect(truths[3].rejected.map((e) => `${e.code} ${e.recordId} ${e.field}`)).to.deep.equal([
      'LEDGER_CURRENCY_AMOUNT_IN_BOOK_CURRENCY VK-2025-001 lines[0].currencyAmount',
      'LEDGER_CURRENCY_AMOUNT_IN_BOOK_CURRENCY VK-2025-001 lines[1].currencyAmount',
    ]);
  });
});
