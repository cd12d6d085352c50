import { expect } from 'chai';
import { emptySourceState, Entry, RecordErrorCode, SourceLedgerState, validateShape, validState } from '../src';

function baseState(): SourceLedgerState {
  const state = emptySourceState();
  state.fiscalYear.set('2025', { id: '2025', start: '2025-01-01', end: '2025-12-31', status: 'open' });
  state.period.set('P1', { id: 'P1', fiscalYearId: '2025', number: 1, start: '2025-01-01', end: '2025-01-31', status: 'open' });
  state.journal.set('VK', { id: 'VK', name: 'Verkopen', type: 'sales' });
  state.journal.set('BNK', { id: 'BNK', name: 'Bank', type: 'financial' });
  state.account.set('400000', { id: '400000', name: 'Debiteuren', reconcilable: true });
  state.account.set('700000', { id: '700000', name: 'Omzet', reconcilable: false });
  state.account.set('550000', { id: '550000', name: 'Bank', reconcilable: false });
  state.counterparty.set('C1', { id: 'C1', type: 'customer', name: 'Klant' });
  state.entry.set('VK-1', entry('VK-1', 'VK', [['400000', 100], ['700000', -100]]));
  state.entry.set('BNK-1', entry('BNK-1', 'BNK', [['550000', 100], ['400000', -100]]));
  return state;
}

function entry(id: string, journalId: string, lines: [string, number][]): Entry {
  return {
    id, journalId, fiscalYearId: '2025', periodId: 'P1', number: id, date: '2025-01-10', counterpartyId: 'C1', currency: 'EUR',
    lines: lines.map(([accountId, amount], i) => ({ line: i + 1, accountId, amount })),
  };
}

function matching(id: string, items: [string, number, number][]) {
  return { id, date: '2025-01-20', items: items.map(([entryId, line, amount]) => ({ entryId, line, amount })) };
}

function codesOf(state: SourceLedgerState) {
  return validState('D1', state).rejected.map((e) => `${e.code} ${e.entity} ${e.recordId} ${e.field}`);
}

describe('ledger invariants', () => {
  it('accepts a consistent state whole', () => {
    const state = baseState();
    state.matching.set('M1', matching('M1', [['VK-1', 1, 100], ['BNK-1', 2, -100]]));
    const { state: valid, rejected } = validState('D1', state);
    expect(rejected).to.deep.equal([]);
    expect(valid.matching.size).to.equal(1);
    expect(valid.entry.size).to.equal(2);
  });

  it('rejects an unbalanced entry with the message the format asks for', () => {
    const [error] = validateShape('BE0412345678', 'entry', entry('VK-2025-0002', 'VK', [['400000', 101], ['700000', -100]]));
    expect(error.code).to.equal(RecordErrorCode.UnbalancedEntry);
    expect(error.message).to.equal('LEDGER_UNBALANCED_ENTRY: dossier BE0412345678, entry VK-2025-0002, field lines: lines sum to 1, not 0');
  });

  it('rejects a line number used twice', () => {
    const bad = entry('VK-9', 'VK', [['400000', 100], ['700000', -100]]);
    bad.lines[1].line = 1;
    expect(validateShape('D1', 'entry', bad).map((e) => e.code)).to.deep.equal([RecordErrorCode.DuplicateLine]);
  });

  it('rejects a reference to a record that does not exist, and whatever refers to it in turn', () => {
    const state = baseState();
    state.entry.set('VK-2', { ...entry('VK-2', 'VK', [['400000', 5], ['999999', -5]]) });
    state.matching.set('M1', matching('M1', [['VK-2', 1, 5], ['BNK-1', 2, -5]]));
    expect(codesOf(state)).to.deep.equal([
      'LEDGER_MISSING_REFERENCE entry VK-2 lines[1].accountId',
      'LEDGER_MISSING_REFERENCE matching M1 items[0].entryId',
    ]);
  });

  it('rejects a period of a fiscal year that does not exist', () => {
    const state = baseState();
    state.period.set('P9', { id: 'P9', fiscalYearId: '2030', number: 1, start: '2030-01-01', end: '2030-01-31', status: 'open' });
    expect(codesOf(state)).to.deep.equal(['LEDGER_MISSING_REFERENCE period P9 fiscalYearId']);
  });

  it('rejects a matching whose items do not sum to 0', () => {
    const state = baseState();
    state.matching.set('M1', matching('M1', [['VK-1', 1, 100], ['BNK-1', 2, -90]]));
    expect(codesOf(state)).to.deep.equal(['LEDGER_UNBALANCED_MATCHING matching M1 items']);
  });

  it('rejects a matching on a line of an account that is not reconcilable', () => {
    const state = baseState();
    state.matching.set('M1', matching('M1', [['VK-1', 2, -100], ['BNK-1', 1, 100]]));
    expect(codesOf(state)).to.deep.equal([
      'LEDGER_MATCHING_NOT_RECONCILABLE matching M1 items[0].line',
      'LEDGER_MATCHING_NOT_RECONCILABLE matching M1 items[1].line',
    ]);
  });

  it('rejects a matching item whose sign differs from its line', () => {
    const state = baseState();
    state.matching.set('M1', matching('M1', [['VK-1', 1, -100], ['BNK-1', 2, 100]]));
    expect(codesOf(state)).to.deep.equal([
      'LEDGER_MATCHING_SIGN_MISMATCH matching M1 items[0].amount',
      'LEDGER_MATCHING_SIGN_MISMATCH matching M1 items[1].amount',
    ]);
  });

  it('rejects a matching on a line number the entry does not have', () => {
    const state = baseState();
    state.matching.set('M1', matching('M1', [['VK-1', 7, 100], ['BNK-1', 2, -100]]));
    expect(codesOf(state)).to.deep.equal(['LEDGER_MISSING_REFERENCE matching M1 items[0].line']);
  });

  it('rejects the matching, in id order, that would match a line beyond its amount', () => {
    const state = baseState();
    state.entry.set('BNK-2', entry('BNK-2', 'BNK', [['550000', 60], ['400000', -60]]));
    state.matching.set('M1', matching('M1', [['VK-1', 1, 60], ['BNK-2', 2, -60]]));
    state.matching.set('M2', matching('M2', [['VK-1', 1, 50], ['BNK-1', 2, -50]]));
    const { state: valid } = validState('D1', state);
    expect(codesOf(state)).to.deep.equal(['LEDGER_OVER_MATCHED matching M2 items[0].amount']);
    expect([...valid.matching.keys()]).to.deep.equal(['M1']);
  });
});
