import { expect } from 'chai';
import { Entry, Matching, replay } from '@ledgersync/sdk';
import { createErpnextAdapter, ErpnextFixtureDriver } from '../src';
import { bakery, collect, stateOf } from './fixtures';

describe('erpnext fixture driver: states ERPNext cannot hold', function () {
  this.timeout(30000);
  const ledger = bakery();
  const driver = new ErpnextFixtureDriver();
  let config: Record<string, unknown>;
  before(async () => {
    config = await driver.setUp(ledger);
  });
  after(() => driver.tearDown());

  const failure = (edit: (state: ReturnType<typeof stateOf>) => void) => {
    const state = stateOf(ledger, [...replay(ledger)][1]);
    edit(state);
    return driver.materialise(state).then(() => undefined, (e: { code: string; message: string }) => e);
  };

  it('refuses a matching of three items: the step is not expressible, naming step, entity and id', async () => {
    const error = await failure((state) => {
      const held = state.source.matching.get('M0001')!;
      const matching = held.record as Matching;
      state.source.matching.set('M0001', { ...held, record: { ...matching, items: [...matching.items, { entryId: 'VK-2025-0003', line: 1, amount: 0 }] } });
    });
    expect(error).to.include({ code: 'STEP_NOT_EXPRESSIBLE', step: 1, entity: 'matching', id: 'M0001' });
    expect(error!.message).to.include('matching M0001 cannot be expressed');
  });

  it('writes a record that breaks an invariant as it is: the bad-records check is not skipped', async () => {
    expect(driver.limitations.badRecords).to.equal(undefined);
    let unbalanced: Entry | undefined;
    expect(await failure((state) => {
      const held = state.source.entry.get('VK-2025-0003')!;
      const entry = held.record as Entry;
      unbalanced = { ...entry, lines: entry.lines.map((l) => (l.line === 1 ? { ...l, amount: l.amount + 1 } : l)) };
      state.source.entry.set(entry.id, { ...held, record: unbalanced });
    })).to.equal(undefined);
    const adapter = await createErpnextAdapter(config);
    try {
      const read = (await collect(adapter.read(ledger.dossier.id, 'entry'))).find((r) => r.id === 'VK-2025-0003');
      expect(read!.record).to.deep.equal(unbalanced);
    } finally {
      await adapter.close();
    }
  });
});
