import { expect } from 'chai';
import { replay } from '@ledgersync/sdk';
import { generateLedger } from '@ledgersync/conformance';
import { BC_SOURCE_TYPE, checkExpressible, StepNotExpressibleError } from '../src';
import { FACTS } from './facts.test';

describe('business-central: parties as G/L Entry "Source Type" holds them (enum Gen. Journal Source Type, test/facts)', () => {
  it('customers, vendors and employees take their enum value; `other` has none and is the blank value', () => {
    const values = FACTS.enums['Gen. Journal Source Type'].values;
    expect(BC_SOURCE_TYPE).to.deep.equal({ customer: values.Customer, supplier: values.Vendor, employee: values.Employee, other: values[' '] });
  });

  it('an open item of an `other` party is refused naming step, entry, line, party and the BC limit (no Source Type, no sub-ledger)', () => {
    const ledger = generateLedger(3, { invoices: 12 });
    const [first] = [...replay(ledger)];
    let caught: unknown;
    try {
      checkExpressible({ step: first.index, dossier: ledger.dossier, clock: first.marker, source: first.source, deleted: first.deleted });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(StepNotExpressibleError);
    const error = caught as StepNotExpressibleError;
    expect(error.entity).to.equal('entry');
    expect(first.source.entry.has(error.id)).to.equal(true);
    expect(error.reason).to.match(/^lines\[\d+\]: an open item of .+, a party of type other, which BC has no table for/);
    expect(error.reason).to.contain('Gen. Journal Source Type');
    expect(error.reason).to.contain('Customer, Vendor or Employee ledger');
  });
});
