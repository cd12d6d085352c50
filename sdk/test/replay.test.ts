import { expect } from 'chai';
import { countRecords, EPOCH_MARKER, portalFigures, readRecordedLedgerFile, replay, truthOf } from '../src';
import { PUBLIC_LEDGERS } from './paths';

describe('recorded-ledger replay', () => {
  for (const file of PUBLIC_LEDGERS) {
    const ledger = readRecordedLedgerFile(file);
    describe(ledger.name, () => {
      for (const replayed of replay(ledger)) {
        const { step } = replayed;
        if (!step.expect) continue;
        it(`step ${replayed.index} (${step.label}) reproduces the expected figures exactly`, () => {
          const truth = truthOf(ledger, replayed);
          const figures = portalFigures(truth.state);
          if (step.expect!.trialBalance) expect(figures.trialBalance).to.deep.equal(step.expect!.trialBalance);
          if (step.expect!.openItems) expect(figures.openItems).to.deep.equal(step.expect!.openItems);
          if (step.expect!.counts) expect(countRecords(truth.state)).to.deep.include(step.expect!.counts);
        });
      }
    });
  }

  it('keeps a silent put at its previous marker and stamps a normal put with the step time', () => {
    const ledger = readRecordedLedgerFile(PUBLIC_LEDGERS[1]);
    const steps = [...replay(ledger)];
    const before = steps[0].source.entry.get('AK-1')!;
    const after = steps[1].source.entry.get('AK-1')!;
    expect(after.marker).to.equal(before.marker);
    expect(after.record).to.not.deep.equal(before.record);
    expect(steps[2].source.entry.get('BNK-1')!.marker).to.equal('2025-02-04T09:15:00.000Z');
  });

  it('turns a pushed proposal into an entry of the period holding its date', () => {
    const ledger = readRecordedLedgerFile(PUBLIC_LEDGERS[1]);
    const steps = [...replay(ledger)];
    const [{ entry }] = steps[2].pushed;
    expect(entry).to.include({ id: 'P-77', journalId: 'AK', fiscalYearId: '2025', periodId: '2025-02', currency: 'EUR' });
    expect(steps[2].source.entry.has('P-77')).to.equal(true);
  });

  it('gives a record first seen through a silent put the epoch marker', () => {
    const ledger = readRecordedLedgerFile(PUBLIC_LEDGERS[0]);
    ledger.steps[1].changes.push({ op: 'put', entity: 'journal', record: { id: 'X', name: 'Restored', type: 'general' }, silent: true });
    const steps = [...replay(ledger)];
    expect(steps[1].source.journal.get('X')!.marker).to.equal(EPOCH_MARKER);
  });
});
