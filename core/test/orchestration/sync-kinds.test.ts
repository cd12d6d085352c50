import { generateRecordedLedger, truthOf } from '@ledgersync/sdk';
import { expect } from 'chai';
import { platformState, TaskView } from '../../src/platform';
import { eachDatabase } from '../platform/support/databases';
import { publicLedgers, realBooksLedger } from '../platform/support/ledgers';
import { canonicalStateOf } from '../platform/support/state-diff';
import { expectPlatformEquals } from './support/compare';
import { Harness, materialise, truthAfterProposals } from './support/harness';
import { nextNightWhere, runNight } from './support/nights';

describe('sync kinds end to end: platform over HTTP on loopback, connector, real diff engine, recorded-ledger adapter', function () {
  this.timeout(60_000);

  // the public ledgers in-process and through the plugin host, and a generated one with 300 entries
  const generated = generateRecordedLedger({ seed: 11, entries: 300, steps: 3, dossier: { id: 'BE0600000011', name: 'Generated BV', currency: 'EUR' } });
  // and real-books-1.1 (every format-1.1 addition), not yet a public ledger, on both platform databases
  const withRealBooks = [...publicLedgers(), realBooksLedger()];
  const runs = [
    ...withRealBooks.map((ledger) => ({ ledger, viaHost: false, pageSize: 7, mariadb: false })),
    ...withRealBooks.map((ledger) => ({ ledger, viaHost: true, pageSize: 7, mariadb: false })),
    { ledger: generated, viaHost: false, pageSize: 250, mariadb: false },
    ...withRealBooks.map((ledger) => ({ ledger, viaHost: false, pageSize: 7, mariadb: true })),
  ];
  for (const { ledger, viaHost, pageSize, mariadb } of runs) {
    it(`${ledger.name}${viaHost ? ', adapter isolated in the plugin host' : ''}${mariadb ? ', platform on MariaDB' : ''}: after every step (manual full, nightly incremental, monthly full, proposal push) the platform equals the source`, async () => {
      const harness = await new Harness({ ledgers: [ledger], viaHost, pageSize, platformDatabase: mariadb ? eachDatabase('e2e')[1] : undefined }).start();
      const dossierId = ledger.dossier.id;
      const play = harness.plays[0];
      try {
        for (const [index, replayed] of play.steps.entries()) {
          const label = `${ledger.name} step ${index} (${replayed.step.label})`;
          materialise(play, index);
          let task: TaskView;
          if (replayed.step.sync === 'full' && index === 0) {
            const asked = await harness.call<{ task: TaskView; expectedPickup: string }>('POST', `/api/dossiers/${dossierId}/sync`, { kind: 'full', updatedUntil: '2025-01-31' });
            expect(asked.status).to.equal(201);
            expect(asked.body.expectedPickup, 'pickup time shown').to.be.a('string');
            await harness.connector.drain();
            task = await harness.platform.tasks.get(asked.body.task.id);
            expect(task).to.include({ kind: 'full', origin: 'manual' });
          } else if (replayed.step.sync === 'full') {
            await runNight(harness, nextNightWhere(harness, dossierId, true));
            [task] = await harness.platform.tasks.list({ dossierId });
            expect(task).to.include({ kind: 'full', origin: 'monthly' });
          } else if (replayed.step.sync === 'incremental') {
            await runNight(harness, nextNightWhere(harness, dossierId, false));
            [task] = await harness.platform.tasks.list({ dossierId });
            expect(task).to.include({ kind: 'incremental', origin: 'nightly' });
          } else if (replayed.step.sync === 'proposal') {
            const before = canonicalStateOf(await platformState(harness.platform.db, dossierId));
            const counter = (await harness.platform.dossiers.get(dossierId)).proposalCounter;
            const asked = await harness.call<{ task: TaskView }>('POST', `/api/dossiers/${dossierId}/proposals`, { proposals: replayed.step.proposals });
            expect(asked.status).to.equal(201);
            await harness.connector.drain();
            task = await harness.platform.tasks.get(asked.body.task.id);
            expect(task).to.include({ kind: 'proposal', origin: 'proposal' });
            const truth = truthAfterProposals(play, index).state;
            await expectPlatformEquals(harness.platform, dossierId, truth, label);
            expect(canonicalStateOf(await platformState(harness.platform.db, dossierId)).matching, 'no matching changed').to.deep.equal(before.matching);
            expect((await harness.platform.dossiers.get(dossierId)).proposalCounter).to.equal(counter + replayed.pushed.length);
            expect(await harness.platform.worklist.pending(dossierId), 'worklist emptied').to.deep.equal([]);
            expect(task.state, label).to.equal('succeeded');
            continue;
          } else continue;
          expect(task.state, `${label}: ${JSON.stringify(task.error)}`).to.equal('succeeded');
          expect(task.counts).to.not.equal(null);
          await expectPlatformEquals(harness.platform, dossierId, truthOf(ledger, replayed).state, label);
        }
        const dossier = await harness.platform.dossiers.get(dossierId);
        expect(dossier.updatedUntil, 'nightly and monthly syncs leave updated-until alone').to.equal('2025-01-31');

        await runNight(harness, nextNightWhere(harness, dossierId, false));
        const [quiet] = await harness.platform.tasks.list({ dossierId });
        expect(quiet, 'an unchanged dossier is skipped by its probe').to.deep.include({ state: 'succeeded', origin: 'nightly', outcome: 'skipped: probe unchanged' });
        expect(quiet.counts).to.deep.equal({ read: 0, upserted: 0, deleted: 0, quarantined: 0 });
      } finally {
        await harness.stop();
      }
    });
  }
});
