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

  const readBack = async <T>(entity: 'matching' | 'entry', id: string): Promise<T> => {
    const adapter = await createErpnextAdapter(config);
    try {
      return (await collect(adapter.read(ledger.dossier.id, entity))).find((r) => r.id === id)!.record as T;
    } finally {
      await adapter.close();
    }
  };

  it('writes one payment settling two invoices as one Payment Ledger row per invoice, read back as the one three-item matching', async () => {
    const items = [{ entryId: 'VK-2025-0001', line: 1, amount: 100000 }, { entryId: 'VK-2025-0003', line: 1, amount: 51250 }, { entryId: 'BNK-2025-0001', line: 2, amount: -151250 }];
    expect(await failure((state) => {
      const held = state.source.matching.get('M0001')!;
      state.source.matching.set('M0001', { ...held, record: { ...(held.record as Matching), items } });
    })).to.equal(undefined);
    const [rows] = (await driver.db.raw('SELECT voucher_no, against_voucher_no, amount FROM `tabPayment Ledger Entry` ORDER BY against_voucher_no')) as [{ voucher_no: string; against_voucher_no: string; amount: string }[]];
    expect(rows.map((r) => [r.voucher_no, r.against_voucher_no, Number(r.amount)])).to.deep.equal([['BNK-2025-0001', 'VK-2025-0001', -1000], ['BNK-2025-0001', 'VK-2025-0003', -512.5]]);
    expect((await readBack<Matching>('matching', 'M0001')).items).to.deep.equal(items);
  });

  it('refuses a matching around no single voucher line (two payments on one invoice): each payment is its own allocation', async () => {
    const error = await failure((state) => {
      const held = state.source.matching.get('M0001')!;
      const items = [{ entryId: 'VK-2025-0001', line: 1, amount: 151250 }, { entryId: 'BNK-2025-0001', line: 2, amount: -100000 }, { entryId: 'VK-2025-0003', line: 1, amount: -51250 }];
      state.source.matching.set('M0001', { ...held, record: { ...(held.record as Matching), items } });
    });
    expect(error).to.include({ code: 'STEP_NOT_EXPRESSIBLE', step: 1, entity: 'matching', id: 'M0001' });
    expect(error!.message).to.match(/Payment Entry/);
  });

  it('writes an opening entry with GL is_opening = Yes, read back as kind opening', async () => {
    let opening: Entry | undefined;
    expect(await failure((state) => {
      const held = state.source.entry.get('VK-2025-0003')!;
      opening = { ...(held.record as Entry), kind: 'opening' };
      state.source.entry.set(opening.id, { ...held, record: opening });
    })).to.equal(undefined);
    const [rows] = (await driver.db.raw("SELECT DISTINCT is_opening FROM `tabGL Entry` WHERE voucher_no = 'VK-2025-0003'")) as [{ is_opening: string }[]];
    expect(rows.map((r) => r.is_opening)).to.deep.equal(['Yes']);
    expect((await readBack<Entry>('entry', 'VK-2025-0003')).kind).to.equal('opening');
  });

  it('refuses a kind outside the format: is_opening is a Select of No and Yes', async () => {
    const error = await failure((state) => {
      const held = state.source.entry.get('VK-2025-0003')!;
      state.source.entry.set('VK-2025-0003', { ...held, record: { ...(held.record as Entry), kind: 'reversal' as Entry['kind'] } });
    });
    expect(error).to.include({ code: 'STEP_NOT_EXPRESSIBLE', step: 1, entity: 'entry', id: 'VK-2025-0003' });
    expect(error!.message).to.include('is_opening');
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
