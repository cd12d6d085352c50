import { expect } from 'chai';
import { applyChange, basics, emptySource } from './arbitraries';
import { oracleFigures, oracleValidState, Source } from './oracle';

/** The oracle's own rules on hand-made cases: it is only worth something if it is right. */
describe('oracle: its own rules', () => {
  function source(): Source {
    const s = emptySource();
    for (const c of basics()) applyChange(s, c);
    return s;
  }
  const rejected = (s: Source, bookCurrency?: string) => oracleValidState(s, { bookCurrency }).rejected.map((r) => `${r.code} ${r.entity} ${r.id}`);
  const lines = (...amounts: [string, number, Record<string, unknown>?][]) => amounts.map(([accountId, amount, extra], i) => ({ line: i + 1, accountId, amount, ...extra }));
  const entry = (id: string, l: unknown[], extra: Record<string, unknown> = {}) => ({ id, journalId: 'J', fiscalYearId: 'FY', periodId: 'P1', number: id, date: '2025-03-01', currency: 'EUR', lines: l, ...extra });

  it('takes the basics whole', () => {
    expect(rejected(source())).to.deep.equal([]);
  });

  it('rejects entries unbalanced either way, and what refers to them', () => {
    const s = source();
    s.entry.set('E1', entry('E1', lines(['A1', 100], ['A2', -101])));
    s.entry.set('E2', entry('E2', lines(['A1', 101], ['A2', -100])));
    expect(rejected(s)).to.deep.equal(['LEDGER_UNBALANCED_ENTRY entry E1', 'LEDGER_UNBALANCED_ENTRY entry E2', 'LEDGER_MISSING_REFERENCE matching M1', 'LEDGER_MISSING_REFERENCE matching M2', 'LEDGER_MISSING_REFERENCE matching M3']);
  });

  it('takes matchings in id order: the one that would over-match a line goes, however the earlier ones changed', () => {
    const s = source();
    s.matching.set('M1', { id: 'M1', date: '2025-03-02', items: [{ entryId: 'E1', line: 1, amount: 60 }, { entryId: 'E2', line: 2, amount: -60 }] });
    expect(rejected(s)).to.deep.equal(['LEDGER_OVER_MATCHED matching M3']);
    s.matching.set('M1', { id: 'M1', date: '2025-03-02', items: [{ entryId: 'E1', line: 1, amount: 50 }, { entryId: 'E2', line: 2, amount: -50 }] });
    expect(rejected(s)).to.deep.equal([]);
  });

  it('counts a line for its own counterparty before the entry\'s, net of what is matched on it', () => {
    const s = source();
    s.entry.set('E1', entry('E1', lines(['A1', 100, { counterpartyId: 'C2' }], ['A2', -100]), { counterpartyId: 'C1' }));
    const held = new Map(s.matching);
    s.matching.clear();
    expect(oracleFigures(oracleValidState(s).valid).openItems).to.deep.equal({ C1: -100, C2: 100 });
    // M2 takes -100 off E1's line 2 (C1's), M1 and M3 take 50 + 50 off its line 1 (C2's) and put 50 back on E2's and E4's line 2 (C2's)
    for (const [id, m] of held) s.matching.set(id, m);
    expect(oracleFigures(oracleValidState(s).valid).openItems).to.deep.equal({ C1: 0, C2: 0 });
  });

  it('applies the 1.1 currencyAmount rules: the sign always, the book currency when it knows it', () => {
    const s = source();
    s.entry.set('E1', entry('E1', lines(['A1', 100, { currencyAmount: 110 }], ['A2', -100, { currencyAmount: -110 }]), { currency: 'USD' }));
    s.entry.set('E2', entry('E2', lines(['A1', 200, { currencyAmount: -220 }], ['A2', -200, { currencyAmount: 0 }]), { currency: 'USD' }));
    s.entry.set('E3', entry('E3', lines(['A1', 300, { currencyAmount: 300 }], ['A2', -300]), { currency: 'EUR' }));
    expect(rejected(s, 'EUR').filter((r) => r.includes(' entry '))).to.deep.equal(['LEDGER_CURRENCY_AMOUNT_SIGN entry E2', 'LEDGER_CURRENCY_AMOUNT_IN_BOOK_CURRENCY entry E3']);
    // without the book currency only the sign can be checked
    expect(rejected(s).filter((r) => r.includes(' entry '))).to.deep.equal(['LEDGER_CURRENCY_AMOUNT_SIGN entry E2']);
  });
});
