import { expect } from 'chai';
import { Counterparty, portalFigures, recordsOf, replay, validState } from '@ledgersync/sdk';
import { generateLedger } from '@ledgersync/conformance';
import { BC_HOLDING_LOSSES, BC_SOURCE_TYPE, BusinessCentralFixtureDriver } from '../src';
import { FACTS } from './facts.test';

describe('business-central: parties as G/L Entry "Source Type" holds them (enum Gen. Journal Source Type, test/facts)', () => {
  it('customers, vendors and employees take their enum value; `other` has none and is the blank value', () => {
    const values = FACTS.enums['Gen. Journal Source Type'].values;
    expect(BC_SOURCE_TYPE).to.deep.equal({ customer: values.Customer, supplier: values.Vendor, employee: values.Employee, other: values[' '] });
  });

  it('an `other` party with open items is held as a Customer (BC keeps open items only in Customer, Vendor and Employee ledgers); its open items are unchanged', () => {
    const ledger = generateLedger(3, { invoices: 12 });
    const [first] = [...replay(ledger)];
    const others = [...first.source.counterparty.entries()].filter(([, held]) => (held.record as Counterparty).type === 'other').map(([id]) => id);
    const own = portalFigures(validState(ledger.dossier.id, recordsOf(first.source), { bookCurrency: ledger.dossier.currency }).state).openItems;
    const withOpenItems = others.filter((id) => own[id] !== undefined);
    expect(withOpenItems, 'seed 3 has an other party with open items').to.not.deep.equal([]);
    const bc = new BusinessCentralFixtureDriver({ url: 'mssql://reader:secret@127.0.0.1:1/' });
    const held = bc.holding.hold({ step: first.index, dossier: ledger.dossier, clock: first.marker, source: first.source, deleted: first.deleted });
    const kept = portalFigures(validState(ledger.dossier.id, recordsOf(held), { bookCurrency: ledger.dossier.currency }).state).openItems;
    for (const id of withOpenItems) {
      const key = bc.keys.partyNos.bcKey(id);
      expect((held.counterparty.get(key)?.record as Counterparty).type, id).to.equal('customer');
      expect(kept[key], id).to.equal(own[id]);
    }
    const loss = BC_HOLDING_LOSSES.find((candidate) => candidate.entity === 'counterparty' && candidate.field === 'type');
    expect(loss?.reason).to.match(/Customer/);
  });
});
