import { parseRecordedLedger, RecordedLedger, truthOf } from '@ledgersync/sdk';
import { expect } from 'chai';
import { TaskView } from '../../src/platform';
import { publicLedgers } from '../platform/support/ledgers';
import { expectPlatformEquals } from './support/compare';
import { Harness, materialise } from './support/harness';
import { nextNightWhere, runNight } from './support/nights';

/** The bakery's ledger with one more night in which the package holds an entry whose lines do not balance. */
function withBadEntry(): RecordedLedger {
  const bakery = publicLedgers()[0];
  const bad = {
    id: 'VK-2025-0099', journalId: 'VK', fiscalYearId: '2025', periodId: '2025-02', number: '2025/0099', date: '2025-02-13', counterpartyId: 'C001', currency: 'EUR',
    lines: [{ line: 1, accountId: '400000', amount: 12100 }, { line: 2, accountId: '700000', amount: -10000 }],
  };
  const night = { label: 'nightly: an invoice whose lines do not balance', at: '2025-02-14T02:00:00Z', changes: [{ op: 'put', entity: 'entry', record: bad }], sync: 'incremental' };
  return parseRecordedLedger({ ...bakery, name: 'bakery-bad-entry', steps: [...bakery.steps, night] });
}

describe('a bad record in the source', function () {
  this.timeout(30_000);

  it('is quarantined and reported on the task by entity, id and field; the platform holds everything else', async () => {
    const ledger = withBadEntry();
    const harness = await new Harness({ ledgers: [ledger] }).start();
    const dossierId = ledger.dossier.id;
    try {
      await harness.call('POST', `/api/dossiers/${dossierId}/sync`, { kind: 'full' });
      await harness.connector.drain();
      const last = harness.plays[0].steps.length - 1;
      materialise(harness.plays[0], last);
      harness.clock.set('2025-02-13T12:00:00Z');
      await runNight(harness, nextNightWhere(harness, dossierId, false));
      const [task]: TaskView[] = await harness.platform.tasks.list({ dossierId });
      expect(task.state).to.equal('succeeded');
      expect(task.counts?.quarantined).to.equal(1);
      expect(task.quarantined).to.have.length(1);
      expect(task.quarantined[0]).to.deep.include({ code: 'LEDGER_UNBALANCED_ENTRY', dossierId, entity: 'entry', recordId: 'VK-2025-0099', field: 'lines' });
      expect(task.outcome).to.match(/1 record\(s\) quarantined/);
      const truth = truthOf(ledger, harness.plays[0].steps[last]);
      expect(truth.rejected.map((r) => r.recordId)).to.deep.equal(['VK-2025-0099']);
      await expectPlatformEquals(harness.platform, dossierId, truth.state, 'after the night with a bad entry');
    } finally {
      await harness.stop();
    }
  });
});
