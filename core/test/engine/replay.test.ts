import { expect } from 'chai';
import { FileSourceProvider, RecordedLedgerAdapter, SourceFileFixture } from '@ledgersync/example-recorded-ledger';
import { contentDigest, replay, truthOf } from '@ledgersync/sdk';
import { createDiffEngine, MemoryReceiver } from '../../src/engine';
import { openStateStore } from '../../src/state';
import { forEachDatabase } from '../state/databases';
import { adapterNumbering, digestsOf, publicLedgers, reportKeys, truthReport } from './ledger-replay';

/**
 * Every step of both public ledgers through the recorded-ledger adapter and the real engine, with
 * the sync each step names: after full and incremental steps the receiver holds exactly the valid
 * records of the source (hard deletes and silent changes included) and every bad record is
 * reported; after proposal steps only the pushed entries arrived and no matching changed.
 */
forEachDatabase('diff engine replays the public ledgers', (freshDatabase) => {
  for (const deletionLog of [true, false]) {
    for (const { file, ledger } of publicLedgers()) {
      it(`${file}, deletion log ${deletionLog ? 'on' : 'off'}: the receiver equals validState after every step`, async function () {
        const store = await openStateStore(await freshDatabase());
        const fixture = new SourceFileFixture(ledger);
        try {
          const adapter = new RecordedLedgerAdapter(new FileSourceProvider(fixture.path), { deletionLog });
          const engine = createDiffEngine({ store });
          const receiver = new MemoryReceiver();
          for (const replayed of replay(ledger, adapterNumbering())) {
            fixture.materialise(replayed);
            const step = `step ${replayed.index} (${replayed.step.label})`;
            if (replayed.step.sync === 'none') continue;
            if (replayed.step.sync === 'proposal') {
              const matchingsBefore = digestsOf(receiver.state).matching;
              const pagesBefore = receiver.pages.length;
              const result = await engine.pushProposals(adapter, ledger.dossier.id, replayed.step.proposals ?? [], receiver);
              expect(result.kind).to.equal('proposal');
              for (const { entry } of replayed.pushed) {
                expect(receiver.state.entry.get(entry.id), `${step}: ${entry.id}`).to.not.equal(undefined);
                expect(contentDigest('entry', receiver.state.entry.get(entry.id)), step).to.equal(contentDigest('entry', entry));
              }
              const sent = receiver.pages.slice(pagesBefore).flatMap((p) => p.operations.map((op) => `${op.op} ${op.entity} ${op.id}`));
              expect(sent, step).to.deep.equal(replayed.pushed.map(({ entry }) => `upsert entry ${entry.id}`));
              expect(digestsOf(receiver.state).matching, step).to.deep.equal(matchingsBefore);
              continue;
            }
            const result = await engine.sync(adapter, ledger.dossier.id, { kind: replayed.step.sync, receiver, pageSize: 7 });
            const truth = truthOf(ledger, replayed);
            expect(digestsOf(receiver.state), step).to.deep.equal(digestsOf(truth.state));
            expect(reportKeys(result.quarantined), step).to.deep.equal(truthReport(truth));
            if (replayed.step.sync === 'incremental') {
              const expected = deletionLog ? ['digests'] : ['digests'];
              expect([...new Set(Object.values(result.methods))], step).to.deep.equal(expected);
            }
          }
        } finally {
          fixture.dispose();
          await store.close();
        }
      });
    }
  }
});
