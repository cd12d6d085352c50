import { expect } from 'chai';
import { checkShape } from '../../src/engine/plan/checks';

/** The planner's check of one staged record on its own (mutants that survived `npm run mutate`, docs/testing.md). */
describe('planner: shape check of a staged record', () => {
  const account = (id: string) => JSON.stringify({ id, name: 'Clients', reconcilable: true });

  it('rejects a record the source listed under another id, naming both', () => {
    const checked = checkShape('D1', 'account', 'A1', account('A2'));
    expect(checked.errors.map((e) => `${e.code} ${e.field} ${e.message}`)).to.deep.equal(['LEDGER_SCHEMA_VIOLATION id LEDGER_SCHEMA_VIOLATION: dossier D1, account A1, field id: the source lists this record as A1 but it says A2']);
    expect(checkShape('D1', 'account', 'A1', account('A1')).errors).to.deep.equal([]);
  });

  it('reports only the schema of a malformed record, and refers to nothing', () => {
    const checked = checkShape('D1', 'entry', 'E1', JSON.stringify({ id: 'E1', journalId: 'J' }));
    expect(checked.errors.map((e) => e.code)).to.include('LEDGER_SCHEMA_VIOLATION');
    expect(checked.errors.map((e) => e.field)).not.to.include('id');
    expect(checked.references).to.deep.equal([]);
    // a record with no id at all is a schema violation, not also a mismatch with the listed id
    const nameless = checkShape('D1', 'account', 'A1', JSON.stringify({ name: 'Clients', reconcilable: true }));
    expect(nameless.errors.map((e) => e.code)).to.deep.equal(['LEDGER_SCHEMA_VIOLATION']);
    expect(nameless.errors.map((e) => e.message).join()).not.to.contain('the source lists');
  });
});
