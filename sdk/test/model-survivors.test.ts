import { expect } from 'chai';
import { Account, checkMatchingLines, Entry, openItems, validateShape } from '../src';

/** Bugs once planted in the model that every other test let through (issue 19), one test each. */
describe('model: the cases the suite used to miss', () => {
  const entry = (amounts: number[], extra: Partial<Entry> = {}): Entry => ({
    id: 'E1', journalId: 'J', fiscalYearId: 'FY', periodId: 'P1', number: '1', date: '2025-01-10', currency: 'EUR',
    lines: amounts.map((amount, i) => ({ line: i + 1, accountId: '400000', amount })),
    ...extra,
  });

  it('rejects an entry whose lines sum to a negative amount as well as a positive one', () => {
    expect(validateShape('D1', 'entry', entry([100, -101])).map((e) => e.message)).to.deep.equal(['LEDGER_UNBALANCED_ENTRY: dossier D1, entry E1, field lines: lines sum to -1, not 0']);
    expect(validateShape('D1', 'entry', entry([101, -100])).map((e) => e.code)).to.deep.equal(['LEDGER_UNBALANCED_ENTRY']);
    expect(validateShape('D1', 'entry', entry([100, -100]))).to.deep.equal([]);
  });

  it('rejects a matching whose items sum to a negative amount', () => {
    const matching = { id: 'M1', date: '2025-01-20', items: [{ entryId: 'E1', line: 1, amount: 10 }, { entryId: 'E2', line: 1, amount: -11 }] };
    expect(validateShape('D1', 'matching', matching).map((e) => e.code)).to.deep.equal(['LEDGER_UNBALANCED_MATCHING']);
  });

  it('counts a line for its own counterparty before the entry\'s', () => {
    const accounts = new Map<string, Account>([['400000', { id: '400000', name: 'Clients', reconcilable: true }]]);
    const e = entry([100, -100], { counterpartyId: 'C1' });
    e.lines[1].counterpartyId = 'C2';
    expect(openItems([e], [], accounts)).to.deep.equal({ C1: 100, C2: -100 });
  });

  it('matches a line up to its amount exactly, and not a cent beyond, whatever its sign', () => {
    const matching = (amount: number) => ({ id: 'M1', date: '2025-01-20', items: [{ entryId: 'E1', line: 1, amount }] });
    const line = (amount: number, matchedElsewhere: number) => [{ amount, reconcilable: true, matchedElsewhere }];
    expect(checkMatchingLines('D1', matching(40), line(100, 60))).to.deep.equal([]);
    expect(checkMatchingLines('D1', matching(41), line(100, 60)).map((e) => e.code)).to.deep.equal(['LEDGER_OVER_MATCHED']);
    expect(checkMatchingLines('D1', matching(-40), line(-100, -60))).to.deep.equal([]);
    expect(checkMatchingLines('D1', matching(-41), line(-100, -60)).map((e) => e.code)).to.deep.equal(['LEDGER_OVER_MATCHED']);
    expect(checkMatchingLines('D1', matching(0), line(100, 0)).map((e) => e.code)).to.deep.equal(['LEDGER_MATCHING_SIGN_MISMATCH']);
  });
});
