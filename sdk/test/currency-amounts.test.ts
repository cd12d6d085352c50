import { expect } from 'chai';
import { canonicalFingerprint, contentDigest, Entry, RecordErrorCode, validateShape, validState, emptySourceState } from '../src';

/** A USD invoice in a EUR dossier: 1 000.00 USD booked as 920.00 EUR. */
function usdInvoice(): Entry {
  return {
    id: 'VF-1', journalId: 'VK', fiscalYearId: '2025', periodId: 'P1', number: 'VF-1', date: '2025-01-10', counterpartyId: 'C1', currency: 'USD',
    lines: [
      { line: 1, accountId: '400000', amount: 92000, currencyAmount: 100000 },
      { line: 2, accountId: '700000', amount: -92000, currencyAmount: -100000 },
    ],
  };
}

describe('currencyAmount invariants (format 1.1)', () => {
  it('accepts foreign lines with the sign of amount, and 0 on an exchange-difference line', () => {
    const entry = usdInvoice();
    entry.lines.push({ line: 3, accountId: '400000', amount: 500, currencyAmount: 0 }, { line: 4, accountId: '754000', amount: -500, currencyAmount: 0 });
    expect(validateShape('D1', 'entry', entry, { bookCurrency: 'EUR' })).to.deep.equal([]);
  });

  it('rejects a currencyAmount with the opposite sign, naming dossier, entry, line and field', () => {
    const entry = usdInvoice();
    entry.lines[1].currencyAmount = 100000;
    const errors = validateShape('BE0412345678', 'entry', entry, { bookCurrency: 'EUR' });
    expect(errors.map((e) => e.code)).to.deep.equal([RecordErrorCode.CurrencyAmountSign]);
    expect(errors[0].message).to.equal(
      'LEDGER_CURRENCY_AMOUNT_SIGN: dossier BE0412345678, entry VF-1, field lines[1].currencyAmount: line 2: currencyAmount 100000 USD has the opposite sign of amount -92000',
    );
  });

  it('rejects a currencyAmount on an entry in the book currency, and only when the book currency is known', () => {
    const entry = { ...usdInvoice(), currency: 'EUR' };
    const errors = validateShape('D1', 'entry', entry, { bookCurrency: 'EUR' });
    expect(errors.map((e) => `${e.code} ${e.field}`)).to.deep.equal([
      'LEDGER_CURRENCY_AMOUNT_IN_BOOK_CURRENCY lines[0].currencyAmount',
      'LEDGER_CURRENCY_AMOUNT_IN_BOOK_CURRENCY lines[1].currencyAmount',
    ]);
    expect(errors[0].message).to.contain('entry VF-1').and.to.contain('book currency EUR');
    // the signature without facts still works and checks what it can
    expect(validateShape('D1', 'entry', entry)).to.deep.equal([]);
  });

  it('quarantines such an entry in a whole state, and whatever matches it', () => {
    const state = emptySourceState();
    state.fiscalYear.set('2025', { id: '2025', start: '2025-01-01', end: '2025-12-31', status: 'open' });
    state.period.set('P1', { id: 'P1', fiscalYearId: '2025', number: 1, start: '2025-01-01', end: '2025-01-31', status: 'open' });
    state.journal.set('VK', { id: 'VK', name: 'Sales', type: 'sales' });
    state.account.set('400000', { id: '400000', name: 'Receivables', reconcilable: true });
    state.account.set('700000', { id: '700000', name: 'Sales', reconcilable: false });
    state.counterparty.set('C1', { id: 'C1', type: 'customer', name: 'Customer' });
    state.entry.set('VF-1', { ...usdInvoice(), currency: 'EUR' });
    const { state: valid, rejected } = validState('D1', state, { bookCurrency: 'EUR' });
    expect(valid.entry.size).to.equal(0);
    expect(rejected.map((e) => e.code)).to.include(RecordErrorCode.CurrencyAmountInBookCurrency);
    expect(validState('D1', state).rejected).to.deep.equal([]);
  });

  it('accepts the new counterparty types and entry kinds, and rejects an unknown kind', () => {
    expect(validateShape('D1', 'counterparty', { id: 'E1', type: 'employee', name: 'An Employee' })).to.deep.equal([]);
    expect(validateShape('D1', 'counterparty', { id: 'S1', type: 'other', name: 'A Shareholder' })).to.deep.equal([]);
    expect(validateShape('D1', 'entry', { ...usdInvoice(), kind: 'closing' })).to.deep.equal([]);
    const [error] = validateShape('D1', 'entry', { ...usdInvoice(), kind: 'draft' });
    expect(error.code).to.equal(RecordErrorCode.SchemaViolation);
    expect(error.field).to.equal('kind');
  });

  it('counts a change of a foreign amount alone, or of kind alone, as a change (digest and fingerprint)', () => {
    const entry = usdInvoice();
    const changed: Entry = { ...entry, lines: [{ ...entry.lines[0], currencyAmount: 100100 }, entry.lines[1]] };
    expect(contentDigest('entry', changed)).to.not.equal(contentDigest('entry', entry));
    expect(canonicalFingerprint('entry', changed)).to.not.equal(canonicalFingerprint('entry', entry));
    const closing: Entry = { ...entry, kind: 'closing' };
    expect(contentDigest('entry', closing)).to.not.equal(contentDigest('entry', entry));
    // absent kind and kind: regular are different records, as the format says of every optional field
    expect(contentDigest('entry', { ...entry, kind: 'regular' })).to.not.equal(contentDigest('entry', entry));
  });
});
