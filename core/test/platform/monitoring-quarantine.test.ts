import { expect } from 'chai';
import { RecordErrorJson } from '@ledgersync/sdk';
import { monitoringPage, MonitoringSummary, tasksText, TaskView } from '../../src/platform';

function quarantined(n: number): RecordErrorJson[] {
  return Array.from({ length: n }, (_, i) => ({
    code: 'LEDGER_CURRENCY_AMOUNT_IN_BOOK_CURRENCY', dossierId: 'NL1', entity: 'entry', recordId: `VK-${i}`, field: 'lines[0].currencyAmount',
    message: `LEDGER_CURRENCY_AMOUNT_IN_BOOK_CURRENCY: dossier NL1, entry VK-${i}, field lines[0].currencyAmount: line 1: currencyAmount 1 on an entry in the book currency EUR`,
  }) as RecordErrorJson);
}

function task(id: number, bad: RecordErrorJson[]): TaskView {
  return {
    id, dossierId: 'NL1', kind: 'full', origin: 'manual', state: 'succeeded', fields: {}, createdAt: '2025-02-10T02:00:00.000Z', notBefore: '2025-02-10T02:00:00.000Z',
    claimedAt: null, startedAt: null, finishedAt: '2025-02-10T02:01:00.000Z', leaseUntil: null, connectorId: 'c1', attempt: 1, maxAttempts: 5, changesetId: null,
    counts: { read: 40, upserted: 3, deleted: 0, quarantined: bad.length }, methods: {}, quarantined: bad, outcome: null, error: null, emailError: null, history: [],
  } as TaskView;
}

describe('monitoring: quarantined records and the book currency', () => {
  it('`ledgersync tasks` lists each task\'s quarantined records by code, entity, id and field below the table', () => {
    const text = tasksText([task(7, quarantined(2)), task(8, [])]);
    const lines = text.split('\n');
    expect(lines.slice(-3)).to.deep.equal([
      'quarantined records:',
      '  #7 NL1: LEDGER_CURRENCY_AMOUNT_IN_BOOK_CURRENCY entry VK-0 lines[0].currencyAmount',
      '  #7 NL1: LEDGER_CURRENCY_AMOUNT_IN_BOOK_CURRENCY entry VK-1 lines[0].currencyAmount',
    ]);
    expect(tasksText([task(8, [])])).to.not.contain('quarantined records');
  });

  it('shows them on the monitoring page under the count, at most 20 a task, and each dossier\'s book currency', () => {
    const summary = {
      generatedAt: '2025-02-10T03:00:00.000Z', filter: {}, connectors: [], counts: { queued: 0, claimed: 0, running: 0, succeeded: 1, failed: 0, cancelled: 0 },
      dossiers: [{ id: 'NL1', name: 'Jansen <Import> BV', currency: 'EUR', updatedUntil: null, activePeriodId: null, closedPeriodIds: [], proposalCounter: 0, lastSync: { full: null, incremental: null, proposal: null, manual: null }, nextSync: { kind: 'incremental', origin: 'nightly', at: '2025-02-11T02:00:00.000Z', expectedPickup: '2025-02-11T02:00:00.000Z', taskId: null } }],
      tasks: [task(7, quarantined(25))],
    } as unknown as MonitoringSummary;
    const html = monitoringPage(summary);
    expect(html).to.contain('<td class="currency">EUR</td>');
    expect(html).to.contain('<li>LEDGER_CURRENCY_AMOUNT_IN_BOOK_CURRENCY entry VK-19 lines[0].currencyAmount</li>');
    expect(html).to.not.contain('VK-20 ');
    expect(html).to.contain('<li>… and 5 more</li>');
    expect(html).to.contain('Jansen &lt;Import&gt; BV');
  });
});
