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
    // Report 93 writes NoOfPeriods + 1 rows: the next year's first period closes the list
    expect(rows.accountingPeriod.filter((row) => row['New Fiscal Year'] === 1).map((row) => row['Starting Date'])).to.deep.equal(['2025-01-01', '2026-01-01']);
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
        for (const id of bcTruth.state.entry.keys()) if (!pushed.has(id)) expect(id).to.match(/^\d{10}\|[^|]+\|\d{4}-\d{2}-\d{2}$/);
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

describe('business-central: the fixture writes what BC itself writes', () => {
  const dossier = { id: 'CRONUS', name: 'CRONUS', currency: 'EUR' };
  const base: CanonicalState = {
    dossier,
    fiscalYears: [{ id: 'FY2025', start: '2025-01-01', end: '2025-12-31', status: 'open' }],
    periods: [{ id: 'P12', fiscalYearId: 'FY2025', number: 12, start: '2025-12-01', end: '2025-12-31', status: 'open' }],
    journals: [{ id: 'GEN', name: 'General', type: 'general' }],
    accounts: [{ id: '2310', name: 'Receivables', reconcilable: true }, { id: '8000', name: 'Result', reconcilable: false }, { id: '9999', name: 'Retained', reconcilable: false }],
    counterparties: [
      { id: 'EH', type: 'employee', name: 'Esther van der Huygens-Oosterhout de la Fontaine Junior', iban: 'NL91ABNA0417164300' },
      { id: 'TAX', type: 'other', name: 'Tax office' },
    ],
    entries: [
      { id: 'close', journalId: 'GEN', fiscalYearId: 'FY2025', periodId: 'P12', number: 'CLOSE', date: '2025-12-31', currency: 'EUR', kind: 'closing', lines: [{ line: 1, accountId: '8000', amount: 500 }, { line: 2, accountId: '9999', amount: -500 }] },
      { id: 'usd', journalId: 'GEN', fiscalYearId: 'FY2025', periodId: 'P12', number: 'US1', date: '2025-12-05', currency: 'USD', counterpartyId: 'EH', lines: [{ line: 1, accountId: '2310', amount: 1100, currencyAmount: 1200 }, { line: 2, accountId: '8000', amount: -1100, currencyAmount: -1200 }] },
    ],
    matchings: [],
  };

  it('a closing entry on the closing date at 23:59:59; the next year\'s first period as Report 93 adds it; employees on their card and as Source Type 6; transaction-currency amounts', () => {
    const rows = bcRowsOf(base, new PostingNumbers());
    expect(rows.glEntry.filter((row) => row['Document No_'] === 'CLOSE').map((row) => row['Posting Date'])).to.deep.equal(['2025-12-31 23:59:59', '2025-12-31 23:59:59']);
    expect(rows.accountingPeriod.map((row) => [row['Starting Date'], row['New Fiscal Year']])).to.deep.equal([['2025-12-01', 0], ['2025-01-01', 1], ['2026-01-01', 1]]);
    expect(rows.employee).to.have.length(1);
    expect(rows.employee[0]).to.deep.include({ No_: 'EH', 'First Name': 'Esther van der', 'Middle Name': 'Huygens-Oosterhout de la', 'Last Name': 'Fontaine Junior', IBAN: 'NL91ABNA0417164300' });
    expect(rows.customer.concat(rows.vendor)).to.have.length(0); // `other` has no table in BC
    const usd = rows.glEntry.filter((row) => row['Document No_'] === 'US1');
    expect(usd.map((row) => [row['Source Type'], row['Source No_'], row['Source Currency Code'], row['Source Currency Amount']])).to.deep.equal([[6, 'EH', 'USD', '12.00'], [6, 'EH', 'USD', '-12.00']]);
    expect(rows.custLedgerEntry.concat(rows.vendorLedgerEntry)).to.have.length(0); // employee ledger entries are not written (nor read)
  });
});
