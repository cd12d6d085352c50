import { expect } from 'chai';
import { Account, checkMatchingLines, compareIds, emptySourceState, Entry, openItems, recordIdOf, validateShape, validState } from '../src';

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

  // mutants that survived `npm run mutate:invariants` (docs/testing.md), killed one by one

  it('names a record without a usable id "(no id)"', () => {
    expect(recordIdOf({ id: '' })).to.equal('(no id)');
    expect(recordIdOf({ id: 7 })).to.equal('(no id)');
    expect(recordIdOf(null)).to.equal('(no id)');
    expect(recordIdOf({ id: 'E1' })).to.equal('E1');
  });

  it('reports a schema violation by field, and nothing else about a record that breaks the schema', () => {
    const errors = validateShape('D1', 'account', { id: 'A1', name: 'Clients' });
    expect(errors.map((e) => e.code)).to.deep.equal(['LEDGER_SCHEMA_VIOLATION']);
    const state = emptySourceState();
    state.entry.set('E1', { ...entry([100, -100]), journalId: undefined });
    expect(validState('D1', state).rejected.map((e) => e.code)).to.deep.equal(['LEDGER_SCHEMA_VIOLATION']);
  });

  it('rejects a date that is not a calendar date, by field', () => {
    expect(validateShape('D1', 'entry', entry([100, -100], { date: '2025-02-30' })).map((e) => e.message)).to.deep.equal(['LEDGER_INVALID_DATE: dossier D1, entry E1, field date: 2025-02-30 is not a calendar date']);
    expect(validateShape('D1', 'entry', entry([100, -100], { dueDate: '2025-13-01' })).map((e) => e.field)).to.deep.equal(['dueDate']);
  });

  it('says which line number appears twice', () => {
    const e = entry([100, -100]);
    e.lines[1].line = 1;
    expect(validateShape('D1', 'entry', e).map((x) => `${x.field}: ${x.message}`)).to.deep.equal(['lines[1].line: LEDGER_DUPLICATE_LINE: dossier D1, entry E1, field lines[1].line: line 1 appears twice']);
  });

  it('says what a matching\'s items sum to', () => {
    const matching = { id: 'M1', date: '2025-01-20', items: [{ entryId: 'E1', line: 1, amount: 10 }, { entryId: 'E2', line: 1, amount: -11 }] };
    expect(validateShape('D1', 'matching', matching)[0].message).to.contain('items sum to -1, not 0');
  });

  it('takes matchings in id order, not in the order the source lists them: the later id is the over-matched one', () => {
    const state = emptySourceState();
    state.fiscalYear.set('FY', { id: 'FY', start: '2025-01-01', end: '2025-12-31', status: 'open' });
    state.period.set('P1', { id: 'P1', fiscalYearId: 'FY', number: 1, start: '2025-01-01', end: '2025-12-31', status: 'open' });
    state.journal.set('J', { id: 'J', name: 'General', type: 'general' });
    state.account.set('400000', { id: '400000', name: 'Clients', reconcilable: true });
    state.entry.set('E1', entry([100, -100]));
    const matching = (id: string, amount: number) => ({ id, date: '2025-01-20', items: [{ entryId: 'E1', line: 1, amount }, { entryId: 'E1', line: 2, amount: -amount }] });
    // listed M2 first: a source's own order must not decide which matching over-matches the line
    state.matching.set('M2', matching('M2', 60));
    state.matching.set('M1', matching('M1', 60));
    const result = validState('D1', state);
    expect([...result.state.matching.keys()]).to.deep.equal(['M1']);
    expect(result.rejected.map((e) => `${e.code} ${e.recordId}`)).to.include('LEDGER_OVER_MATCHED M2');
  });

  it('accepts a foreign amount on a line whose book amount is 0, of either sign (the format fixes the sign only against a non-zero amount)', () => {
    const e = entry([100, -100, 0], { currency: 'USD' });
    e.lines[2].currencyAmount = -3;
    expect(validateShape('D1', 'entry', e, { bookCurrency: 'EUR' })).to.deep.equal([]);
    e.lines[2].currencyAmount = 3;
    expect(validateShape('D1', 'entry', e, { bookCurrency: 'EUR' })).to.deep.equal([]);
  });

  it('names the field of every reference that is missing', () => {
    const state = emptySourceState();
    const e = entry([100, -100], { counterpartyId: 'C9' });
    e.lines[0].counterpartyId = 'C8';
    state.entry.set('E1', e);
    expect(validState('D1', state).rejected.map((x) => x.field)).to.deep.equal(['journalId', 'fiscalYearId', 'periodId', 'counterpartyId', 'lines[0].accountId', 'lines[0].counterpartyId', 'lines[1].accountId']);
  });

  it('says why each matched line cannot take its item', () => {
    const matching = (amount: number) => ({ id: 'M1', date: '2025-01-20', items: [{ entryId: 'E1', line: 3, amount }] });
    const messages = (amount: number, facts: Parameters<typeof checkMatchingLines>[2]) => checkMatchingLines('D1', matching(amount), facts).map((e) => e.message);
    expect(messages(10, [undefined])).to.deep.equal(['LEDGER_MISSING_REFERENCE: dossier D1, matching M1, field items[0].line: entry E1 has no line 3']);
    expect(messages(10, [{ amount: 100, reconcilable: false, matchedElsewhere: 0 }])).to.deep.equal(['LEDGER_MATCHING_NOT_RECONCILABLE: dossier D1, matching M1, field items[0].line: entry E1 line 3 is not on a reconcilable account']);
    expect(messages(-10, [{ amount: 100, reconcilable: true, matchedElsewhere: 0 }])).to.deep.equal(['LEDGER_MATCHING_SIGN_MISMATCH: dossier D1, matching M1, field items[0].amount: -10 does not have the sign of line amount 100']);
    expect(messages(41, [{ amount: 100, reconcilable: true, matchedElsewhere: 60 }])).to.deep.equal(['LEDGER_OVER_MATCHED: dossier D1, matching M1, field items[0].amount: entry E1 line 3 would be matched for 101 of 100']);
  });

  it('refuses an item of 0, even on a line of 0', () => {
    const matching = { id: 'M1', date: '2025-01-20', items: [{ entryId: 'E1', line: 1, amount: 0 }] };
    expect(checkMatchingLines('D1', matching, [{ amount: 0, reconcilable: true, matchedElsewhere: 0 }]).map((e) => e.code)).to.deep.equal(['LEDGER_MATCHING_SIGN_MISMATCH']);
  });

  it('orders ids by code unit, equal ids as equal', () => {
    expect(compareIds('a', 'a')).to.equal(0);
    expect(compareIds('B', 'a')).to.equal(-1);
    expect(compareIds('a', 'B')).to.equal(1);
  });
});
