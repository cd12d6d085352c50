import { expect } from 'chai';
import {
  countRecords, dossierRecords, dossierShape, emptySourceState, Entry, generateRecordedLedger, parseRecordedLedger, portalFigures, replay, trialBalance, truthOf, validState, yearResults,
} from '../../src';

describe('ledger generator: realBooks (format 1.1)', () => {
  const shape = dossierShape({ seed: 7, entries: 3000, fiscalYears: 3, realBooks: true });
  const source = emptySourceState();
  for (const { entity, record } of dossierRecords(shape)) source[entity].set(record.id, record);
  const { state, rejected } = validState(shape.dossier.id, source, { bookCurrency: shape.dossier.currency });
  const entries = [...state.entry.values()];

  it('generates a valid dossier with every 1.1 addition', () => {
    expect(rejected.map((e) => e.message)).to.deep.equal([]);
    const foreign = entries.filter((e) => e.currency !== shape.dossier.currency);
    expect(foreign.length).to.be.within(3000 / 5 / 7 * 2 * 0.6, 3000 / 5 / 7 * 2 * 1.4);
    expect(foreign.every((e) => e.lines.every((l) => l.currencyAmount !== undefined && Math.sign(l.currencyAmount) * Math.sign(l.amount) >= 0))).to.equal(true);
    const types = new Set([...state.counterparty.values()].map((c) => c.type));
    expect([...types].sort()).to.deep.equal(['customer', 'employee', 'other', 'supplier']);
    expect(entries.some((e) => e.lines.some((l) => l.accountId === '455000' && l.counterpartyId?.startsWith('E')))).to.equal(true);
    expect(entries.some((e) => e.lines.some((l) => l.accountId === '489000' && l.counterpartyId?.startsWith('O')))).to.equal(true);
  });

  it('closes every closed fiscal year: its closing entry brings each result account of the year to 0', () => {
    const closing = entries.filter((e) => e.kind === 'closing');
    expect(closing.map((e) => e.fiscalYearId)).to.deep.equal(['2021', '2022']);
    expect(state.entry.size).to.equal(3000 + 2);
    const results = yearResults(entries);
    for (const entry of closing) {
      const ofYear = entries.filter((e) => e.fiscalYearId === entry.fiscalYearId);
      const balance = trialBalance(ofYear);
      for (const line of entry.lines.slice(0, -1)) {
        expect(balance[line.accountId], `${entry.fiscalYearId} ${line.accountId}`).to.equal(0);
        expect(results[entry.fiscalYearId][line.accountId]).to.equal(-line.amount);
      }
    }
  });

  it('leaves a dossier without realBooks as it was: no 1.1 field, no extra record', () => {
    const plain = [...dossierRecords(dossierShape({ seed: 7, entries: 3000, fiscalYears: 3 }))];
    const plainEntries = plain.filter((r) => r.entity === 'entry').map((r) => r.record as Entry);
    expect(plainEntries.length).to.equal(3000);
    expect(plainEntries.some((e) => e.kind !== undefined || e.lines.some((l) => l.currencyAmount !== undefined))).to.equal(false);
    expect(plain.some((r) => r.entity === 'counterparty' && ['employee', 'other'].includes((r.record as { type: string }).type))).to.equal(false);
  });

  it('writes a valid recorded ledger of real books whose expect figures are the replayed truth', () => {
    const ledger = parseRecordedLedger(JSON.parse(JSON.stringify(generateRecordedLedger({ seed: 42, entries: 400, steps: 3, fiscalYears: 2, realBooks: true }))), 'generated');
    for (const replayed of replay(ledger)) {
      const truth = truthOf(ledger, replayed);
      expect(truth.rejected.map((e) => e.message), `step ${replayed.index}`).to.deep.equal([]);
      expect(ledger.steps[replayed.index].expect).to.deep.equal({ ...portalFigures(truth.state), counts: countRecords(truth.state) });
    }
    const last = [...replay(ledger)].at(-1)!;
    expect([...last.source.entry.values()].some((held) => (held.record as Entry).kind === 'closing')).to.equal(true);
  });
});
