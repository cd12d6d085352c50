import { expect } from 'chai';
import { Entry, FiscalYear, Period, RecordedLedger, replay } from '@ledgersync/sdk';
import { holdInExact } from '../src/fixture';
import { ServedLedger } from './fixture-support';
import { collect } from './support';

/** A ledger whose fiscal year runs July to June and whose ids are not Exact's (`FY24`, `2024-25-01`). */
function julyLedger(): RecordedLedger {
  const year: FiscalYear = { id: 'FY24', start: '2024-07-01', end: '2025-06-30', status: 'open' };
  const periods: Period[] = Array.from({ length: 12 }, (_, i) => {
    const month = ((6 + i) % 12) + 1;
    const calendarYear = i < 6 ? 2024 : 2025;
    const start = `${calendarYear}-${String(month).padStart(2, '0')}-01`;
    const end = new Date(Date.UTC(calendarYear, month, 0)).toISOString().slice(0, 10);
    return { id: `2024-25-${String(i + 1).padStart(2, '0')}`, fiscalYearId: 'FY24', number: i + 1, start, end, status: i === 0 ? 'closed' : 'open' };
  });
  const entry: Entry = {
    id: 'E1', journalId: 'MEM', fiscalYearId: 'FY24', periodId: '2024-25-03', number: '1', date: '2024-09-10', currency: 'EUR',
    lines: [{ line: 1, accountId: '1000', amount: 12345 }, { line: 2, accountId: '2000', amount: -12345 }],
  };
  const put = (entity: string, record: unknown) => ({ op: 'put', entity, record });
  return {
    format: 'ledgersync-recorded-ledger/1.1', name: 'july-year', description: 'a July–June fiscal year named by the ledger',
    dossier: { id: 'D-JULY', name: 'July BV', currency: 'EUR' },
    steps: [{
      label: 'initial', at: '2024-10-01T02:00:00Z', sync: 'full',
      changes: [
        put('fiscalYear', year), ...periods.map((p) => put('period', p)), put('journal', { id: 'MEM', name: 'Memoriaal', type: 'general' }),
        put('account', { id: '1000', name: 'Kas', reconcilable: false }), put('account', { id: '2000', name: 'Kapitaal', reconcilable: false }),
        put('counterparty', { id: 'EMP1', type: 'employee', name: 'Jan' }),
        put('entry', entry),
      ],
    }],
  } as unknown as RecordedLedger;
}

describe('exact-online fixture: the ledger as Exact holds it', () => {
  it('maps ledger period ids that are not Exact’s to FinYear/FinPeriod instead of refusing them (failed before: EXACT_FIXTURE_UNSUPPORTED)', async () => {
    const ledger = julyLedger();
    const [state] = [...replay(ledger)];
    const held = holdInExact(state.source, 0);
    expect([...held.fiscalYear.keys()]).to.deep.equal(['2024']);
    expect(held.fiscalYear.get('2024')!.record).to.deep.equal({ id: '2024', start: '2024-07-01', end: '2025-06-30', status: 'open' });
    expect([...held.period.keys()].slice(0, 3)).to.deep.equal(['2024-01', '2024-02', '2024-03']);
    const entry = held.entry.get('E1')!.record as Entry;
    expect([entry.fiscalYearId, entry.periodId]).to.deep.equal(['2024', '2024-03']);
    expect(entry.lines.map((l) => l.amount), 'money never changes').to.deep.equal([12345, -12345]);
    expect((held.counterparty.get('EMP1')!.record as { type: string }).type, 'a declared loss').to.equal('other');
    await ServedLedger.with(ledger, async (served, dossier) => {
      await served.goTo(0);
      expect(served.driver.describes).to.deep.equal({ package: 'Exact Online REST API', backend: 'nock cassettes' });
      expect(served.driver.holding.losses.map((l) => `${l.entity}.${l.field}`)).to.include('counterparty.type');
      for (const entity of ['fiscalYear', 'period', 'entry', 'counterparty'] as const) {
        const read = await collect(served.adapter.read(dossier, entity));
        expect(Object.fromEntries(read.map((r) => [r.id, r.record])), entity).to.deep.equal(Object.fromEntries([...held[entity]].map(([id, h]) => [id, h.record])));
      }
    });
  });

  it('holds a closing entry as a general journal transaction (kind declared lost, money unchanged) instead of skipping its step (failed before: STEP_NOT_EXPRESSIBLE)', async () => {
    const ledger = julyLedger();
    const entry = (ledger.steps[0].changes.find((c) => c.op === 'put' && c.entity === 'entry') as unknown as { record: Entry }).record;
    ledger.steps[0].changes.push({ op: 'put', entity: 'entry', record: { ...entry, id: 'CLOSE', number: '2', kind: 'closing' } });
    const [state] = [...replay(ledger)];
    const held = holdInExact(state.source, 0).entry.get('CLOSE')!.record as Entry;
    expect(held).to.not.have.property('kind');
    expect(held.lines.map((l) => l.amount)).to.deep.equal([12345, -12345]);
    await ServedLedger.with(ledger, async (served, dossier) => {
      await served.goTo(0);
      expect(served.driver.holding.losses.map((l) => `${l.entity}.${l.field}`)).to.include('entry.kind');
      const read = await collect(served.adapter.read(dossier, 'entry'));
      expect(read.find((r) => r.id === 'CLOSE')!.record).to.deep.equal(held);
    });
  });

  it('holds counterparties per transaction line: a line naming its entry’s counterparty is read without its own; an entry without one takes its first line’s (failed before: lines[0].counterpartyId absent on the platform)', async () => {
    const ledger = julyLedger();
    const entry = (ledger.steps[0].changes.find((c) => c.op === 'put' && c.entity === 'entry') as unknown as { record: Entry }).record;
    entry.counterpartyId = 'EMP1';
    entry.lines[0].counterpartyId = 'EMP1';
    const claim: Entry = { ...entry, id: 'CLAIM', number: '3', counterpartyId: undefined, lines: [{ line: 1, accountId: '1000', amount: 500 }, { line: 2, accountId: '2000', amount: -500, counterpartyId: 'EMP1' }] };
    delete claim.counterpartyId;
    ledger.steps[0].changes.push({ op: 'put', entity: 'entry', record: claim as unknown as { id: string } });
    const [state] = [...replay(ledger)];
    const held = holdInExact(state.source, 0);
    const e1 = held.entry.get('E1')!.record as Entry;
    expect([e1.counterpartyId, e1.lines.map((l) => l.counterpartyId)]).to.deep.equal(['EMP1', [undefined, undefined]]);
    const heldClaim = held.entry.get('CLAIM')!.record as Entry;
    expect([heldClaim.counterpartyId, heldClaim.lines.map((l) => l.counterpartyId)]).to.deep.equal(['EMP1', [undefined, undefined]]);
    await ServedLedger.with(ledger, async (served, dossier) => {
      await served.goTo(0);
      const read = await collect(served.adapter.read(dossier, 'entry'));
      expect(Object.fromEntries(read.map((r) => [r.id, r.record]))).to.deep.equal(Object.fromEntries([...held.entry].map(([id, h]) => [id, h.record])));
    });
  });
});
