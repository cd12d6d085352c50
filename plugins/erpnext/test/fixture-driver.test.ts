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

  /** Step 1 of the bakery with M0001 widened: BNK-2025-0001 line 2 (−1512.50) allocated against two invoices, `first` and `second` of it. */
  const settleTwo = (first: number, second: number) => (state: ReturnType<typeof stateOf>) => {
    const held = state.source.matching.get('M0001')!;
    const items = [{ entryId: 'VK-2025-0001', line: 1, amount: first }, { entryId: 'VK-2025-0003', line: 1, amount: second }, { entryId: 'BNK-2025-0001', line: 2, amount: -(first + second) }];
    state.source.matching.set('M0001', { ...held, record: { ...(held.record as Matching), items } });
  };

  /** The payment's party GL rows (account 400000) and the Payment Ledger row written for each. */
  const partyRows = async () => {
    const [rows] = (await driver.db.raw(`SELECT g.idx, g.against_voucher, g.credit - g.debit AS credit, p.against_voucher_no, p.amount
      FROM \`tabGL Entry\` g LEFT JOIN \`tabPayment Ledger Entry\` p ON p.voucher_no = g.voucher_no AND p.against_voucher_no = g.against_voucher
      WHERE g.voucher_no = 'BNK-2025-0001' AND g.account = '400000' ORDER BY g.idx`)) as [{ idx: number; against_voucher: string | null; credit: string; against_voucher_no: string | null; amount: string | null }[]];
    return rows.map((r) => ({ line: r.idx, against: r.against_voucher, credit: Number(r.credit), ple: r.against_voucher_no === null ? null : [r.against_voucher_no, Number(r.amount)] }));
  };

  // payment_entry.add_party_gl_entries: one party GL row per reference, against it, for its allocated amount; utils.get_payment_ledger_entries: one PLE row per such row
  it('writes a payment line allocated against two invoices as one party GL row per reference, each with its Payment Ledger row', async () => {
    expect(await failure(settleTwo(100000, 51250))).to.equal(undefined);
    const rows = await partyRows();
    expect(rows).to.deep.equal([
      { line: 2, against: 'VK-2025-0001', credit: 1000, ple: ['VK-2025-0001', -1000] },
      { line: 3, against: 'VK-2025-0003', credit: 512.5, ple: ['VK-2025-0003', -512.5] },
    ]);
    expect(rows.reduce((sum, r) => sum + r.credit, 0)).to.equal(1512.5);
    const [ples] = (await driver.db.raw("SELECT COUNT(*) AS n FROM `tabPayment Ledger Entry` WHERE voucher_no = 'BNK-2025-0001'")) as [{ n: number }[]];
    expect(Number(ples[0].n)).to.equal(2);
  });

  it('writes the amount the references leave unallocated as one more party row against no invoice', async () => {
    expect(await failure(settleTwo(80000, 51250))).to.equal(undefined);
    const rows = await partyRows();
    expect(rows).to.deep.equal([
      { line: 2, against: 'VK-2025-0001', credit: 800, ple: ['VK-2025-0001', -800] },
      { line: 3, against: 'VK-2025-0003', credit: 512.5, ple: ['VK-2025-0003', -512.5] },
      { line: 4, against: null, credit: 200, ple: null },
    ]);
    const payment = await readBack<Entry>('entry', 'BNK-2025-0001');
    expect(payment.lines.filter((l) => l.accountId === '400000').reduce((sum, l) => sum + l.amount, 0)).to.equal(-151250);
  });

  it('reads such a payment back as one matching per reference, each on its own row, as the holding says', async () => {
    let state: ReturnType<typeof stateOf> | undefined;
    expect(await failure((s) => {
      settleTwo(100000, 51250)(s);
      state = s;
    })).to.equal(undefined);
    expect(await readBack<Matching>('matching', 'M0001')).to.deep.equal({ id: 'M0001', date: '2025-02-05', items: [{ entryId: 'VK-2025-0001', line: 1, amount: 100000 }, { entryId: 'BNK-2025-0001', line: 2, amount: -100000 }] });
    expect(await readBack<Matching>('matching', 'M0001/0001')).to.deep.equal({ id: 'M0001/0001', date: '2025-02-05', items: [{ entryId: 'VK-2025-0003', line: 1, amount: 51250 }, { entryId: 'BNK-2025-0001', line: 3, amount: -51250 }] });
    const held = driver.holding.hold(state!);
    expect(held.matching.get('M0001/0001')!.record).to.deep.equal(await readBack<Matching>('matching', 'M0001/0001'));
    expect(held.entry.get('BNK-2025-0001')!.record).to.deep.equal(await readBack<Entry>('entry', 'BNK-2025-0001'));
  });

  /** The bakery's step 1 with M0001 split over two invoices, then (a day later, the payment untouched) M0001 deleted. */
  const splitThenUndone = () => {
    const split = stateOf(ledger, [...replay(ledger)][1]);
    settleTwo(100000, 51250)(split);
    const undone = stateOf(ledger, [...replay(ledger)][1]);
    undone.source.matching.delete('M0001');
    undone.clock = new Date(Date.parse(split.clock) + 86400000).toISOString();
    undone.deleted = [{ entity: 'matching', id: 'M0001' }];
    return { split, undone };
  };

  // unreconcile_payment.on_submit → utils.unlink_ref_doc_from_payment_entries → update_accounting_ledgers_after_reference_removal:
  // the payment's GL rows lose their against_voucher, its Payment Ledger rows point at the payment itself; nothing is deleted or reposted
  it('keeps a payment line split per reference when its matching is undone, as Unreconcile Payment does: rows split, pointed back at the payment', async () => {
    const { split, undone } = splitThenUndone();
    await driver.materialise(split);
    const lines = (await readBack<Entry>('entry', 'BNK-2025-0001')).lines;
    await driver.materialise(undone);
    const [gl] = (await driver.db.raw(`SELECT idx, against_voucher, credit - debit AS credit FROM \`tabGL Entry\`
      WHERE voucher_no = 'BNK-2025-0001' AND account = '400000' ORDER BY idx`)) as [{ idx: number; against_voucher: string | null; credit: string }[]];
    expect(gl.map((r) => [r.idx, r.against_voucher, Number(r.credit)])).to.deep.equal([[2, null, 1000], [3, null, 512.5]]);
    const [ple] = (await driver.db.raw(`SELECT against_voucher_type, against_voucher_no, amount, delinked FROM \`tabPayment Ledger Entry\`
      WHERE voucher_no = 'BNK-2025-0001' ORDER BY amount`)) as [{ against_voucher_type: string; against_voucher_no: string; amount: string; delinked: number }[]];
    expect(ple.map((r) => [r.against_voucher_type, r.against_voucher_no, Number(r.amount), Number(r.delinked)])).to.deep.equal([
      ['Payment Entry', 'BNK-2025-0001', -1000, 0], ['Payment Entry', 'BNK-2025-0001', -512.5, 0],
    ]);
    const read = await readBack<Entry>('entry', 'BNK-2025-0001');
    expect(read.lines).to.deep.equal(lines);
    const adapter = await createErpnextAdapter(config);
    try {
      const matched = (await collect(adapter.read(ledger.dossier.id, 'matching'))).filter((m) => (m.record as Matching).items.some((i) => i.entryId === 'BNK-2025-0001'));
      expect(matched).to.deep.equal([]);
      const deleted = (await collect(adapter.deletedSince!(ledger.dossier.id, undone.clock))).filter((d) => d.entity === 'matching').map((d) => d.id);
      expect(deleted.sort(), 'each Payment Ledger row of the matching, once').to.deep.equal(['M0001', 'M0001/0001']);
    } finally {
      await adapter.close();
    }
    const held = driver.holding.hold(undone);
    expect(held.entry.get('BNK-2025-0001')!.record).to.deep.equal(read);
    expect([...held.matching.keys()].filter((id) => id.startsWith('M0001'))).to.deep.equal([]);
  });

  it('writes the payment line as one row again once the payment itself changes after the undoing', async () => {
    const { split, undone } = splitThenUndone();
    await driver.materialise(split);
    await driver.materialise(undone);
    const held = undone.source.entry.get('BNK-2025-0001')!;
    const changed = { ...undone, clock: new Date(Date.parse(undone.clock) + 86400000).toISOString(), deleted: [] };
    changed.source.entry.set('BNK-2025-0001', { marker: changed.clock, record: { ...(held.record as Entry), description: 'amended' } });
    await driver.materialise(changed);
    const rows = await partyRows();
    expect(rows.map((r) => [r.line, r.against, r.credit])).to.deep.equal([[2, null, 1512.5]]);
    expect(driver.holding.hold(changed).entry.get('BNK-2025-0001')!.record).to.deep.equal(await readBack<Entry>('entry', 'BNK-2025-0001'));
  });

  it('writes the payment afresh from its references once a matching names it again after the undoing', async () => {
    const { split, undone } = splitThenUndone();
    await driver.materialise(split);
    await driver.materialise(undone);
    const again = { ...undone, clock: new Date(Date.parse(undone.clock) + 86400000).toISOString(), deleted: [] };
    again.source.matching.set('M0001', { ...split.source.matching.get('M0001')!, marker: again.clock });
    await driver.materialise(again);
    expect(await partyRows()).to.deep.equal([
      { line: 2, against: 'VK-2025-0001', credit: 1000, ple: ['VK-2025-0001', -1000] },
      { line: 3, against: 'VK-2025-0003', credit: 512.5, ple: ['VK-2025-0003', -512.5] },
    ]);
    const [own] = (await driver.db.raw("SELECT COUNT(*) AS n FROM `tabPayment Ledger Entry` WHERE voucher_no = 'BNK-2025-0001' AND against_voucher_no = voucher_no")) as [{ n: number }[]];
    expect(Number(own[0].n), 'no row left pointing at the payment').to.equal(0);
    expect(driver.holding.hold(again).entry.get('BNK-2025-0001')!.record).to.deep.equal(await readBack<Entry>('entry', 'BNK-2025-0001'));
  });

  it('logs the deletion of a matching split per reference as the deletion of each of its Payment Ledger rows when its payment changes in the same step', async () => {
    const { split, undone } = splitThenUndone();
    await driver.materialise(split);
    // a clock of its own: the deletion log persists across the other tests' steps
    undone.clock = new Date(Date.parse(split.clock) + 10 * 86400000).toISOString();
    const held = undone.source.entry.get('BNK-2025-0001')!;
    undone.source.entry.set('BNK-2025-0001', { marker: undone.clock, record: { ...(held.record as Entry), description: 'amended' } });
    await driver.materialise(undone);
    const adapter = await createErpnextAdapter(config);
    try {
      const deleted = (await collect(adapter.deletedSince!(ledger.dossier.id, undone.clock))).filter((d) => d.entity === 'matching').map((d) => d.id);
      expect(deleted.sort()).to.deep.equal(['M0001', 'M0001/0001']);
    } finally {
      await adapter.close();
    }
  });

  it('refuses a second matching on a line split per reference: each of its rows is taken by one reference', async () => {
    const error = await failure((state) => {
      settleTwo(100000, 51250)(state);
      state.source.matching.set('M0009', { marker: state.clock, record: { id: 'M0009', date: '2025-02-05', items: [{ entryId: 'VK-2025-0003', line: 1, amount: 10000 }, { entryId: 'BNK-2025-0001', line: 2, amount: -10000 }] } });
    });
    expect(error).to.include({ code: 'STEP_NOT_EXPRESSIBLE', step: 1, entity: 'matching', id: 'M0001' });
    expect(error!.message).to.include('one party row per reference');
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
