import { expect } from 'chai';
import { EntityName, RecordErrorCode, validateShape } from '../src';

const good: Record<EntityName, unknown> = {
  fiscalYear: { id: '2025', start: '2025-01-01', end: '2025-12-31', status: 'open' },
  period: { id: '2025-01', fiscalYearId: '2025', number: 1, start: '2025-01-01', end: '2025-01-31', status: 'closed' },
  journal: { id: 'VK', name: 'Verkopen', type: 'sales' },
  account: { id: '400000', name: 'Handelsdebiteuren', reconcilable: true },
  counterparty: { id: 'C1', type: 'customer', name: 'Hotel De Zwaan', address: { city: 'Gent' } },
  entry: {
    id: 'VK-1', journalId: 'VK', fiscalYearId: '2025', periodId: '2025-01', number: '1', date: '2025-01-08', currency: 'EUR',
    lines: [{ line: 1, accountId: '400000', amount: 121 }, { line: 2, accountId: '700000', amount: -121, vatCode: '03' }],
  },
  matching: { id: 'M1', date: '2025-02-05', items: [{ entryId: 'VK-1', line: 1, amount: 121 }, { entryId: 'BNK-1', line: 2, amount: -121 }] },
};

/** One schema violation per entity, with the field the error must name. */
const bad: Record<EntityName, { record: unknown; field: string }> = {
  fiscalYear: { record: { id: '2025', start: '2025-01-01', end: '2025-12-31', status: 'pending' }, field: 'status' },
  period: { record: { id: 'p', fiscalYearId: '2025', number: -1, start: '2025-01-01', end: '2025-01-31', status: 'open' }, field: 'number' },
  journal: { record: { id: 'VK', name: '', type: 'sales' }, field: 'name' },
  account: { record: { id: '400000', name: 'Debiteuren' }, field: 'reconcilable' },
  counterparty: { record: { id: 'C1', type: 'customer', name: 'X', phone: '123' }, field: 'phone' },
  entry: {
    record: { id: 'VK-1', journalId: 'VK', fiscalYearId: '2025', periodId: 'p', number: '1', date: '2025-01-08', currency: 'EUR',
      lines: [{ line: 1, accountId: '400000', amount: 1.5 }, { line: 2, accountId: '700000', amount: -1.5 }] },
    field: 'lines[0].amount',
  },
  matching: { record: { id: 'M1', date: '2025-02-05', items: [{ entryId: 'VK-1', line: 1, amount: 1 }] }, field: 'items' },
};

describe('canonical model schemas', () => {
  for (const entity of Object.keys(good) as EntityName[]) {
    it(`accepts a well-formed ${entity}`, () => {
      expect(validateShape('D1', entity, good[entity])).to.deep.equal([]);
    });
    it(`rejects a malformed ${entity}, naming dossier, record and field`, () => {
      const errors = validateShape('D1', entity, bad[entity].record);
      expect(errors).to.have.length.greaterThan(0);
      expect(errors[0].code).to.equal(RecordErrorCode.SchemaViolation);
      expect(errors[0].field).to.equal(bad[entity].field);
      expect(errors[0].message).to.contain(`dossier D1, ${entity}`).and.contain(bad[entity].field);
    });
  }

  it('rejects a date that does not exist on the calendar', () => {
    const errors = validateShape('D1', 'fiscalYear', { id: '2025', start: '2025-02-30', end: '2025-12-31', status: 'open' });
    expect(errors.map((e) => [e.code, e.field])).to.deep.equal([[RecordErrorCode.InvalidDate, 'start']]);
  });

  it('names a record without an id as such', () => {
    const [error] = validateShape('D1', 'journal', { name: 'X', type: 'sales' });
    expect(error.recordId).to.equal('(no id)');
    expect(error.field).to.equal('id');
  });
});
