import { expect } from 'chai';
import { Counterparty, Entry, EntityName, Matching, parseRecordedLedger, portalFigures, readRecordedLedgerFile, replay, ReplayedStep, truthOf, countRecords } from '@ledgersync/sdk';
import { bcLedgerOf, bcRowsOf, CanonicalState, decimalOfCents, PostingNumbers, transactionInId } from '../src';
import { PUBLIC_LEDGERS } from './helpers';

const LEDGERS = PUBLIC_LEDGERS;

function canonicalState(replayed: ReplayedStep, dossier: CanonicalState['dossier']): CanonicalState {
  const all = <T>(entity: EntityName) => [...replayed.source[entity].entries()].map(([id, held]) => ({ ...(held.record as object), id }) as T);
  return {
    dossier,
    fiscalYears: all('fiscalYear'), periods: all('period'), journals: all('journal'), accounts: all('account'),
    counterparties: all<Counterparty>('counterparty'), entries: all<Entry>('entry'), matchings: all<Matching>('matching'),
  };
}

describe('business-central: fixture translation', () => {
  it('writes cents as exact BC decimals', () => {
    expect([0, 5, -5, 151250, -125000, 100000000001].map(decimalOfCents)).to.deep.equal(['0.00', '0.05', '-0.05', '1512.50', '-1250.00', '1000000000.01']);
  });

  it('bakery-basic as BC rows: periods with New Fiscal Year, templates per journal, posting groups for reconcilable accounts, ledger and application entries', () => {
    const ledger = readRecordedLedgerFile(LEDGERS[0]);
    const steps = [...replay(ledger)];
    const rows = bcRowsOf(canonicalState(steps[1], ledger.dossier), new PostingNumbers());
    expect(rows.accountingPeriod.filter((row) => row['New Fiscal Year'] === 1).map((row) => row['Starting Date'])).to.deep.equal(['2025-01-01']);
    expect(rows.genJournalTemplate.find((row) => row.Name === 'AK')).to.deep.include({ Type: 2, 'Source Code': 'AK' });
    expect(rows.customerPostingGroup.map((row) => row['Receivables Account']).sort()).to.deep.equal(['400000', '440000']);
    expect(rows.generalLedgerSetup).to.deep.equal([{ 'Primary Key': '', 'LCY Code': 'EUR' }]);
    const invoice = rows.glEntry.filter((row) => row['Document No_'] === '2025/0001' && row['Source Code'] === 'VK');
    expect(invoice.map((row) => row.Amount)).to.deep.equal(['1512.50', '-1250.00', '-262.50']);
    expect(invoice.every((row) => row['Source Type'] === 1 && row['Source No_'] === 'C001' && row.Description === 'Brood januari')).to.equal(true);
    expect(rows.custLedgerEntry.map((row) => row['Customer No_'])).to.include('C001');
    expect(rows.detailedCustEntry.map((row) => [row['Entry Type'], row['Amount (LCY)']])).to.deep.equal([[2, '-1512.50'], [2, '1512.50']]);
  });

  for (const file of LEDGERS) {
    it(`${file.split('/').pop()}: the BC form of the ledger is valid, holds the same figures and counts at every step, and agrees with the fixture's transaction numbers`, () => {
      const ledger = readRecordedLedgerFile(file);
      const bc = parseRecordedLedger(JSON.parse(JSON.stringify(bcLedgerOf(ledger))));
      const original = [...replay(ledger)];
      const translated = [...replay(bc)];
      const numbers = new PostingNumbers();
      original.forEach((step, index) => {
        const truth = truthOf(ledger, step);
        const bcTruth = truthOf(bc, translated[index]);
        expect(countRecords(bcTruth.state), `step ${index}`).to.deep.equal(countRecords(truth.state));
        expect(bcTruth.rejected.length, `step ${index}`).to.equal(truth.rejected.length);
        expect(portalFigures(bcTruth.state), `step ${index}`).to.deep.equal(portalFigures(truth.state));
        // entries pushed from proposals keep the replay's ids: this adapter books no proposals
        const pushed = new Set(translated.slice(0, index + 1).flatMap((replayed) => replayed.pushed.map((p) => p.entry.id)));
        for (const id of bcTruth.state.entry.keys()) if (!pushed.has(id)) expect(id).to.match(/^[^|]+\|\d{4}-\d{2}-\d{2}\|\d+$/);
        for (const id of bcTruth.state.period.keys()) expect(id).to.match(/^\d{4}-\d{2}-\d{2}$/);
        for (const id of bcTruth.state.matching.keys()) expect(id).to.match(/^[CV]:\d+$/);
        const rows = bcRowsOf(canonicalState(translated[index], bc.dossier), numbers);
        for (const entry of [...bcTruth.state.entry.values()].filter((e) => !pushed.has(e.id))) {
          const lines = rows.glEntry.filter((row) => row['Transaction No_'] === transactionInId(entry.id));
          expect(lines.map((row) => row['Document No_'])).to.deep.equal(entry.lines.map(() => entry.number));
        }
      });
    });
  }
});
