import { expect } from 'chai';
import { rowversion } from './helpers';
import { CompanySetupError, CompanyTables, dossierFromRow, ENTITY_SOURCES, SourceRowError } from '../src';

const ts = rowversion;
const mapping = { currency: 'EUR' };

/** G/L Entry rows of a sales invoice as tedious returns them: BIGINT as text, rowversion as Buffer. */
const INVOICE_ROWS = [
  { id: '103001|2025-01-08|52', ts: ts(2000), seq: 310, journal_id: 'SALES', number: '103001', posting_date: '2025-01-08', period_id: '2025-01-01', fiscal_year_id: '2025-01-01', account_id: '2310', amount_cents: '151250', description: 'Order 1001', vat_code: '', counterparty_id: 'C:10000' },
  { id: '103001|2025-01-08|52', ts: ts(2001), seq: 311, journal_id: 'SALES', number: '103001', posting_date: '2025-01-08', period_id: '2025-01-01', fiscal_year_id: '2025-01-01', account_id: '6110', amount_cents: '-125000', description: '', vat_code: 'VAT21', counterparty_id: 'C:10000' },
  { id: '103001|2025-01-08|52', ts: ts(2002), seq: 312, journal_id: 'SALES', number: '103001', posting_date: '2025-01-08', period_id: '2025-01-01', fiscal_year_id: '2025-01-01', account_id: '5610', amount_cents: '-26250', description: '', vat_code: '', counterparty_id: null },
];

describe('business-central: rows to canonical records', () => {
  it('groups G/L lines into one entry: lines in Entry No_ order, cents exact, blanks absent, counterparty and description lifted onto the entry', () => {
    expect(ENTITY_SOURCES.entry.toRecord('103001|2025-01-08|52', INVOICE_ROWS, mapping)).to.deep.equal({
      id: '103001|2025-01-08|52',
      journalId: 'SALES',
      fiscalYearId: '2025-01-01',
      periodId: '2025-01-01',
      number: '103001',
      date: '2025-01-08',
      counterpartyId: 'C:10000',
      description: 'Order 1001',
      currency: 'EUR',
      lines: [
        { line: 1, accountId: '2310', amount: 151250 },
        { line: 2, accountId: '6110', amount: -125000, vatCode: 'VAT21' },
        { line: 3, accountId: '5610', amount: -26250 },
      ],
    });
  });

  it('keeps a line counterparty that differs from the entry one; a posting date before any period leaves period and year absent for the engine to report', () => {
    const rows = [
      { ...INVOICE_ROWS[0], counterparty_id: 'V:20000', period_id: null, fiscal_year_id: null, posting_date: new Date(Date.UTC(2019, 11, 31)) },
      { ...INVOICE_ROWS[1], counterparty_id: 'C:10000', period_id: null, fiscal_year_id: null },
    ];
    const entry = ENTITY_SOURCES.entry.toRecord('x', rows, mapping);
    expect(entry.counterpartyId).to.equal('V:20000');
    expect(entry.lines[1].counterpartyId).to.equal('C:10000');
    expect(entry.lines[0]).not.to.have.property('counterpartyId');
    expect(entry.date).to.equal('2019-12-31');
    expect(entry).not.to.have.property('periodId');
    expect(entry).not.to.have.property('fiscalYearId');
  });

  it('turns application rows into a matching whose items carry the matched line', () => {
    const rows = [
      { id: 'C:77', ts: ts(3000), seq: 9001, match_date: '2025-02-05', entry_id: '103001|2025-01-08|52', line: '1', amount_cents: '151250' },
      { id: 'C:77', ts: ts(3001), seq: 9002, match_date: '2025-02-05', entry_id: 'BANK0001|2025-02-05|77', line: 2, amount_cents: '-151250' },
      { id: 'C:77', ts: ts(3002), seq: 9003, match_date: '2025-02-05', entry_id: 'GJ0042|2025-02-05|78', line: null, amount_cents: '0' },
    ];
    expect(ENTITY_SOURCES.matching.toRecord('C:77', rows, mapping)).to.deep.equal({
      id: 'C:77',
      date: '2025-02-05',
      items: [
        { entryId: '103001|2025-01-08|52', line: 1, amount: 151250 },
        { entryId: 'BANK0001|2025-02-05|77', line: 2, amount: -151250 },
        // no reconcilable G/L line: line 0, which the engine's invariants reject and report
        { entryId: 'GJ0042|2025-02-05|78', line: 0, amount: 0 },
      ],
    });
  });

  it('maps customers and vendors with only the fields BC holds', () => {
    const base = { ts: ts(10), seq: 0, vat: '', email: '', street: '', postal_code: '', city: '', country: '' };
    expect(ENTITY_SOURCES.counterparty.toRecord('C:10000', [{ ...base, id: 'C:10000', type: 'customer', name: 'Café Sport', email: 'info@cafesport.example', street: 'Markt 3', city: 'Gent', country: 'BE' }], mapping)).to.deep.equal({
      id: 'C:10000', type: 'customer', name: 'Café Sport', email: 'info@cafesport.example', address: { street: 'Markt 3', city: 'Gent', country: 'BE' },
    });
    expect(ENTITY_SOURCES.counterparty.toRecord('V:20000', [{ ...base, id: 'V:20000', type: 'supplier', name: 'Meelfabriek', vat: 'BE0401111222' }], mapping)).to.deep.equal({
      id: 'V:20000', type: 'supplier', name: 'Meelfabriek', vatNumber: 'BE0401111222',
    });
  });

  it('maps accounting periods, fiscal years, journals and accounts', () => {
    expect(ENTITY_SOURCES.period.toRecord('2025-02-01', [{ id: '2025-02-01', ts: ts(1), seq: 0, fiscal_year_id: '2025-01-01', number: '2', start_date: '2025-02-01', end_date: '2025-02-28', status: 'closed' }], mapping)).to.deep.equal({
      id: '2025-02-01', fiscalYearId: '2025-01-01', number: 2, start: '2025-02-01', end: '2025-02-28', status: 'closed',
    });
    expect(ENTITY_SOURCES.fiscalYear.toRecord('2025-01-01', [{ id: '2025-01-01', ts: ts(1), seq: 0, start_date: '2025-01-01', end_date: '2025-12-31', status: 'open' }], mapping)).to.deep.equal({
      id: '2025-01-01', start: '2025-01-01', end: '2025-12-31', status: 'open',
    });
    expect(ENTITY_SOURCES.journal.toRecord('CASHRCPT', [{ id: 'CASHRCPT', ts: ts(1), seq: 0, name: 'Cash receipts', template_type: 3 }], mapping)).to.deep.equal({ id: 'CASHRCPT', name: 'Cash receipts', type: 'financial' });
    expect(ENTITY_SOURCES.journal.toRecord('SALES', [{ id: 'SALES', ts: ts(1), seq: 0, name: '', template_type: -1 }], mapping)).to.deep.equal({ id: 'SALES', name: 'SALES', type: 'general' });
    expect(ENTITY_SOURCES.account.toRecord('2310', [{ id: '2310', ts: ts(1), seq: 0, name: 'Customers Domestic', reconcilable: 1 }], mapping)).to.deep.equal({ id: '2310', name: 'Customers Domestic', reconcilable: true });
  });

  it('refuses values SQL Server cannot have sent, naming entity, record and field', () => {
    const unsafe = [{ ...INVOICE_ROWS[0], amount_cents: '90071992547409930' }];
    expect(() => ENTITY_SOURCES.entry.toRecord('103001|2025-01-08|52', unsafe, mapping)).to.throw(SourceRowError, 'entity entry, record 103001|2025-01-08|52, field amount_cents');
    const decimal = [{ ...INVOICE_ROWS[0], amount_cents: 1512.5 }];
    expect(() => ENTITY_SOURCES.entry.toRecord('e', decimal, mapping)).to.throw(SourceRowError, 'field amount_cents');
  });

  it('reads the dossier from Company Information and General Ledger Setup; a blank local currency is an error naming the table and field', () => {
    const tables = new CompanyTables('CRONUS');
    expect(dossierFromRow('CRONUS', { name: 'CRONUS BV ', vat: 'BE0412345678', country: 'BE', currency: 'EUR' }, tables)).to.deep.equal({ id: 'CRONUS', name: 'CRONUS BV', currency: 'EUR', country: 'BE', vatNumber: 'BE0412345678' });
    expect(() => dossierFromRow('CRONUS', { name: 'x', vat: '', country: '', currency: '' }, tables)).to.throw(CompanySetupError, 'table CRONUS$General Ledger Setup, field LCY Code');
  });
});
