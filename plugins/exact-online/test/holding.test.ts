import { expect } from 'chai';
import { Entry, FiscalYear, Period, RecordedLedger, replay } from '@ledgersync/sdk';
import { holdInExact, StepNotExpressibleError } from '../src/fixture';
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

  it('refuses a step Exact cannot express, naming step, entity, id and reason', () => {
    const ledger = julyLedger();
    const [state] = [...replay(ledger)];
    const closing = { ...(state.source.entry.get('E1')!.record as Entry), id: 'CLOSE', kind: 'closing' as const };
    state.source.entry.set('CLOSE', { record: closing, marker: state.marker });
    const error = (() => {
      try {
        holdInExact(state.source, 3);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).to.be.instanceOf(StepNotExpressibleError);
    expect(error).to.include({ code: 'STEP_NOT_EXPRESSIBLE', step: 3, entity: 'entry', id: 'CLOSE' });
  });
});
