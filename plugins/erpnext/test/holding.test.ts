import { join } from 'node:path';
import { expect } from 'chai';
import { emptySourceState, Entry, EntityName, FiscalYear, Matching, openItemsInCurrency, Period, portalFigures, readRecordedLedgerFile, replay, SourceSnapshot, validState } from '@ledgersync/sdk';
import { createErpnextAdapter, ErpnextFixtureDriver, holdErpnext, monthsOf } from '../src';
import { bakery, collect, LEDGER_FILES, stateOf } from './fixtures';

/** The bakery's 2025 in 18 periods P01…P18 (as some packages number them), and line descriptions ERPNext does not keep. */
function eighteenPeriods(): ReturnType<typeof stateOf> {
  const ledger = bakery();
  const state = stateOf(ledger, [...replay(ledger)][1]);
  state.source.period.clear();
  const starts = ['01-01', '01-20', '02-10', '03-01', '03-20', '04-10', '05-01', '05-20', '06-10', '07-01', '07-20', '08-10', '09-01', '09-20', '10-10', '11-01', '11-20', '12-10'];
  starts.forEach((start, i) => {
    const next = starts[i + 1];
    const end = next ? new Date(Date.parse(`2025-${next}T00:00:00Z`) - 86400000).toISOString().slice(0, 10) : '2025-12-31';
    const period: Period = { id: `P${String(i + 1).padStart(2, '0')}`, fiscalYearId: '2025', number: i + 1, start: `2025-${start}`, end, status: i < 2 ? 'closed' : 'open' };
    state.source.period.set(period.id, { record: period, marker: state.clock });
  });
  for (const [id, held] of state.source.entry) {
    const entry = held.record as Entry;
    state.source.entry.set(id, { ...held, record: { ...entry, periodId: entry.periodId === '2025-01' ? 'P02' : 'P03', lines: entry.lines.map((l) => ({ ...l, description: `line ${l.line}` })) } });
  }
  // a payment received in USD on a USD bank account (format 1.1 currencyAmount)
  const bank = state.source.entry.get('BNK-2025-0001')!;
  const payment = bank.record as Entry;
  state.source.entry.set(payment.id, { ...bank, record: { ...payment, currency: 'USD', lines: payment.lines.map((l) => (l.accountId === '550000' ? { ...l, currencyAmount: 165000 } : l)) } });
  return state;
}

describe('erpnext fixture driver: the ledger as ERPNext holds it', function () {
  this.timeout(30000);

  it('derives the calendar months of a fiscal year, clipped to its dates, numbered from 1', () => {
    const year: FiscalYear = { id: '2024-25', start: '2024-07-15', end: '2025-06-30', status: 'open' };
    const months = monthsOf(year);
    expect(months).to.have.length(12);
    expect(months[0]).to.deep.equal({ id: '2024-07', fiscalYearId: '2024-25', number: 1, start: '2024-07-15', end: '2024-07-31' });
    expect(months[7]).to.deep.include({ id: '2025-02', start: '2025-02-01', end: '2025-02-28' });
    expect(months[11]).to.deep.include({ id: '2025-06', end: '2025-06-30' });
  });

  it('holds 18 periods as the 12 months ERPNext derives, closed through the frozen date, without line descriptions, money unchanged', () => {
    const state = eighteenPeriods();
    const held = holdErpnext(state);
    expect([...held.period.keys()]).to.deep.equal(monthsOf(state.source.fiscalYear.get('2025')!.record as FiscalYear).map((p) => p.id));
    // P02 (closed) ends 2025-02-09: the books are frozen till then, so January is closed and February open
    expect((held.period.get('2025-01')!.record as Period).status).to.equal('closed');
    expect((held.period.get('2025-02')!.record as Period).status).to.equal('open');
    for (const [id, record] of held.entry) {
      const entry = record.record as Entry;
      const recorded = state.source.entry.get(id)!.record as Entry;
      expect(entry.periodId).to.equal(entry.date.slice(0, 7));
      expect(entry.lines.map((l) => [l.line, l.accountId, l.amount])).to.deep.equal(recorded.lines.map((l) => [l.line, l.accountId, l.amount]));
      expect(entry.lines.some((l) => l.description !== undefined)).to.equal(false);
    }
    expect(held.matching).to.deep.equal(state.source.matching);
    const usd = held.entry.get('BNK-2025-0001')!.record as Entry;
    expect(usd.currency).to.equal('USD');
    expect(usd.lines.find((l) => l.accountId === '550000')!.currencyAmount).to.equal(165000);
  });

  it('is what the adapter reads back from the site the fixture wrote', () => expectReadBack(bakery(), eighteenPeriods()));

  // real-books-1.1 step 1: BNK-2025-001 line 2 (−1,390.00 EUR, −1,500.00 USD) settles VK-2024-001 (USD 1,000 at 0.92) and VK-2024-002 (USD 500 at 0.94)
  const realBooks = readRecordedLedgerFile(join(LEDGER_FILES[0], '..', 'real-books-1.1.json'));
  const settlement = () => stateOf(realBooks, [...replay(realBooks)][1]);

  it('holds a USD payment settling two invoices as one party row and one matching per reference, each row at its invoice\u2019s rate, money unchanged', () => {
    const state = settlement();
    const held = holdErpnext(state);
    const payment = held.entry.get('BNK-2025-001')!.record as Entry;
    expect(payment.lines.map((l) => [l.line, l.accountId, l.amount, l.currencyAmount])).to.deep.equal([
      [1, '550000', 135000, 150000], [2, '400000', -92000, -100000], [3, '754000', 4000, 0], [4, '400000', -47000, -50000],
    ]);
    expect(held.matching.get('M-2025-001')!.record).to.deep.equal({ id: 'M-2025-001', date: '2025-01-15', items: [{ entryId: 'VK-2024-001', line: 1, amount: 92000 }, { entryId: 'BNK-2025-001', line: 2, amount: -92000 }] });
    expect(held.matching.get('M-2025-001/0001')!.record).to.deep.equal({ id: 'M-2025-001/0001', date: '2025-01-15', items: [{ entryId: 'VK-2024-002', line: 1, amount: 47000 }, { entryId: 'BNK-2025-001', line: 4, amount: -47000 }] });
    const figures = (snapshot: SourceSnapshot) => {
      const source = emptySourceState();
      for (const entity of Object.keys(source) as EntityName[]) for (const [id, h] of snapshot[entity]) source[entity].set(id, h.record as never);
      const { state: valid } = validState(state.dossier.id, source);
      return { ...portalFigures(valid), inCurrency: openItemsInCurrency(valid.entry.values(), valid.matching.values(), valid.account, state.dossier.currency) };
    };
    const own = figures(state.source);
    const kept = figures(held);
    expect(kept).to.deep.equal(own);
    expect(Object.keys(own.openItems)).to.include('C-ACME');
  });

  it('a USD payment settling two invoices is what the adapter reads back', () => expectReadBack(realBooks, settlement()));

  // real-books-1.1 step 2 deletes M-2025-001, BNK-2025-001 untouched: Unreconcile Payment keeps the payment's rows split
  it('holds the USD payment whose matching is undone with the split lines it kept, no matching on it, at the undoing’s time, money unchanged — and reads it back so', async () => {
    const steps = [...replay(realBooks)].slice(0, 3).map((replayed) => stateOf(realBooks, replayed));
    const driver = new ErpnextFixtureDriver();
    const config = await driver.setUp(realBooks);
    try {
      for (const state of steps) await driver.materialise(state);
      const undone = steps[2];
      const held = driver.holding.hold(undone);
      const payment = held.entry.get('BNK-2025-001')!;
      expect((payment.record as Entry).lines.map((l) => [l.line, l.accountId, l.amount, l.currencyAmount])).to.deep.equal([
        [1, '550000', 135000, 150000], [2, '400000', -92000, -100000], [3, '754000', 4000, 0], [4, '400000', -47000, -50000],
      ]);
      expect(payment.marker).to.equal(undone.clock);
      expect([...held.matching.values()].filter((m) => (m.record as Matching).items.some((i) => i.entryId === 'BNK-2025-001'))).to.deep.equal([]);
      // without the site's history the payment is one line again: what the fixture wrote before this change
      expect((holdErpnext(undone).entry.get('BNK-2025-001')!.record as Entry).lines).to.have.length(3);
      expect(figures(held, undone)).to.deep.equal(figures(undone.source, undone));
      const adapter = await createErpnextAdapter(config);
      try {
        for (const entity of Object.keys(held) as EntityName[]) {
          const read = new Map((await collect(adapter.read(realBooks.dossier.id, entity))).map((r) => [r.id, r]));
          expect(new Map([...read].map(([id, r]) => [id, r.record])), entity).to.deep.equal(new Map([...(held as SourceSnapshot)[entity]].map(([id, h]) => [id, h.record])));
          // an incremental read from the step before finds the payment: its rows changed when the matching was undone
          if (entity === 'entry') expect(Date.parse(read.get('BNK-2025-001')!.marker)).to.equal(Date.parse(payment.marker));
        }
      } finally {
        await adapter.close();
      }
    } finally {
      await driver.tearDown();
    }
  });
});

/** Trial balance, open items and open items in currency of a snapshot, as the suite figures them. */
function figures(snapshot: SourceSnapshot, state: ReturnType<typeof stateOf>) {
  const source = emptySourceState();
  for (const entity of Object.keys(source) as EntityName[]) for (const [id, h] of snapshot[entity]) source[entity].set(id, h.record as never);
  const { state: valid } = validState(state.dossier.id, source);
  return { ...portalFigures(valid), inCurrency: openItemsInCurrency(valid.entry.values(), valid.matching.values(), valid.account, state.dossier.currency) };
}

/** Every entity the adapter reads from the site the fixture wrote for `state` equals `hold(state)`. */
async function expectReadBack(ledger: ReturnType<typeof bakery>, state: ReturnType<typeof stateOf>): Promise<void> {
  const driver = new ErpnextFixtureDriver();
  const config = await driver.setUp(ledger);
  try {
    await driver.materialise(state);
    const held = driver.holding.hold(state);
    const adapter = await createErpnextAdapter(config);
    try {
      for (const entity of Object.keys(held) as EntityName[]) {
        const read = new Map((await collect(adapter.read(ledger.dossier.id, entity))).map((r) => [r.id, r.record]));
        const expected = new Map([...(held as SourceSnapshot)[entity]].map(([id, h]) => [id, h.record]));
        expect(read, entity).to.deep.equal(expected);
      }
    } finally {
      await adapter.close();
    }
  } finally {
    await driver.tearDown();
  }
}
