import { Entry, entryFromProposal, Period, Proposal, recordsOf, validState } from '@ledgersync/sdk';
import { expect } from 'chai';
import { platformState, TaskView } from '../../src/platform';
import { publicLedgers } from '../platform/support/ledgers';
import { canonicalStateOf } from '../platform/support/state-diff';
import { expectPlatformEquals } from './support/compare';
import { Harness } from './support/harness';
import { nextNightWhere, runNight } from './support/nights';

/** bakery-basic has no proposal step of its own: the worklist sends one, as the seed's platform would. */
const flour: Proposal = {
  id: 'WL-2025-017',
  journalId: 'AK',
  date: '2025-02-03',
  dueDate: '2025-03-05',
  counterpartyId: 'S001',
  description: 'Meel februari',
  lines: [
    { line: 1, accountId: '440000', amount: -96800 },
    { line: 2, accountId: '604000', amount: 80000, vatCode: '81' },
    { line: 3, accountId: '411000', amount: 16800 },
  ],
};

/** The bakery after its initial manual full sync. */
async function syncedBakery(): Promise<{ harness: Harness; dossierId: string }> {
  const ledger = publicLedgers()[0];
  const harness = await new Harness({ ledgers: [ledger] }).start();
  await harness.call('POST', `/api/dossiers/${ledger.dossier.id}/sync`, { kind: 'full' });
  await harness.connector.drain();
  return { harness, dossierId: ledger.dossier.id };
}

describe('proposal push on bakery-basic', function () {
  this.timeout(30_000);

  it('books the worklist proposal in the package and registers the entry at once; a second push books nothing twice', async () => {
    const { harness, dossierId } = await syncedBakery();
    try {
      const before = canonicalStateOf(await platformState(harness.platform.db, dossierId));

      const asked = await harness.call<{ task: TaskView; expectedPickup: string }>('POST', `/api/dossiers/${dossierId}/proposals`, { proposals: [flour] });
      expect(asked.status).to.equal(201);
      await harness.connector.drain();
      const task = await harness.platform.tasks.get(asked.body.task.id);
      expect(task).to.deep.include({ state: 'succeeded', kind: 'proposal' });
      expect(task.methods).to.deep.equal({ entry: 'pushed' });

      const source = recordsOf(harness.plays[0].steps[0].source);
      const periods = [...source.period.values()] as Period[];
      const entry: Entry = entryFromProposal(dossierId, flour, { id: 'AK-P1', number: 'P1', currency: 'EUR', periods });
      source.entry.set(entry.id, entry);
      const truth = validState(dossierId, source).state;
      await expectPlatformEquals(harness.platform, dossierId, truth, 'after the push');
      const after = canonicalStateOf(await platformState(harness.platform.db, dossierId));
      expect(after.matching, 'no matching changed').to.deep.equal(before.matching);
      expect((await harness.platform.dossiers.get(dossierId)).proposalCounter).to.equal(1);
      expect(await harness.platform.worklist.pending(dossierId)).to.deep.equal([]);

      const again = await harness.call<{ task: TaskView | null }>('POST', `/api/dossiers/${dossierId}/proposals`, { proposals: [flour] });
      expect(again.status).to.equal(200);
      expect(again.body.task, 'a booked proposal is not sent again').to.equal(null);
      expect(await harness.connector.drain()).to.deep.equal([]);
      expect((await harness.platform.dossiers.get(dossierId)).proposalCounter).to.equal(1);

      // the next night reads the package again: it holds the booked entry, nothing else changed
      await runNight(harness, nextNightWhere(harness, dossierId, false));
      await expectPlatformEquals(harness.platform, dossierId, truth, 'after the next night');
    } finally {
      await harness.stop();
    }
  });

  it('refuses a proposal whose lines do not balance, naming the dossier and the field', async () => {
    const ledger = publicLedgers()[0];
    const harness = await new Harness({ ledgers: [ledger] }).start();
    try {
      const bad = { ...flour, id: 'WL-BAD', lines: [{ line: 1, accountId: '440000', amount: -100 }] };
      const refused = await harness.call<{ error: { code: string; message: string } }>('POST', `/api/dossiers/${ledger.dossier.id}/proposals`, { proposals: [bad] });
      expect(refused.status).to.equal(400);
      expect(refused.body.error.message).to.equal('PLATFORM_INVALID_FIELD: dossier BE0412345678, field proposals[0].lines: lines sum to -100, not 0');
    } finally {
      await harness.stop();
    }
  });

  it('lets the accountant withdraw a proposal the package refused, so the next push goes through', async () => {
    const { harness, dossierId } = await syncedBakery();
    try {
      const outside = { ...flour, id: 'WL-2031', date: '2031-01-15' };
      const refused = await harness.call<{ task: TaskView }>('POST', `/api/dossiers/${dossierId}/proposals`, { proposals: [outside] });
      await harness.connector.drain();
      expect((await harness.platform.tasks.get(refused.body.task.id)).error?.code).to.equal('ADAPTER_PROPOSAL_REJECTED');

      expect((await harness.call('DELETE', `/api/dossiers/${dossierId}/proposals/WL-2031`)).status).to.equal(200);
      const gone = await harness.call<{ error: { code: string } }>('DELETE', `/api/dossiers/${dossierId}/proposals/WL-2031`);
      expect([gone.status, gone.body.error.code]).to.deep.equal([404, 'PLATFORM_UNKNOWN_PROPOSAL']);
      const next = await harness.call<{ task: TaskView }>('POST', `/api/dossiers/${dossierId}/proposals`, { proposals: [flour] });
      expect(next.body.task.fields.proposals?.map((p) => p.id)).to.deep.equal(['WL-2025-017']);
      await harness.connector.drain();
      expect((await harness.platform.tasks.get(next.body.task.id)).state).to.equal('succeeded');
    } finally {
      await harness.stop();
    }
  });
});
