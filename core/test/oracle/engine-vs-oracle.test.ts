import { expect } from 'chai';
import fc from 'fast-check';
import { recordsOf } from '@ledgersync/sdk';
import { createDiffEngine, MemoryReceiver } from '../../src/engine';
import { openStateStore } from '../../src/state';
import { MutableSource } from '../engine/mutable-source';
import { basics, Change, history, matchingHistory } from './arbitraries';
import { expectAgreesWithOracle } from './compare';
import { oracleValidState, Source } from './oracle';
import { runs, timeoutFor } from './runs';

const syncKind = fc.constantFrom<'incremental' | 'full'>('incremental', 'incremental', 'incremental', 'full');

/** Syncs the history step by step (a full sync first), comparing the platform and the report with the oracle after each. */
async function replayAgainstOracle(steps: Change[][], kinds: ('incremental' | 'full')[], deletionLog: boolean, dossierId: string): Promise<void> {
  const store = await openStateStore({ client: 'sqlite', filename: ':memory:' });
  try {
    const source = new MutableSource(dossierId);
    const adapter = source.adapter({ deletionLog });
    const engine = createDiffEngine({ store });
    const receiver = new MemoryReceiver();
    for (const [index, changes] of steps.entries()) {
      source.advance();
      for (const c of index === 0 ? [...basics(), ...changes] : changes) {
        if (c.op === 'delete') source.delete(c.entity, c.id);
        else source.put(c.entity, c.record, c.silent && index > 0);
      }
      const kind = index === 0 ? 'full' : kinds[index % kinds.length];
      const result = await engine.sync(adapter, source.dossierId, { kind, receiver, pageSize: 3 });
      const oracle = oracleValidState(recordsOf(source.source.snapshot) as unknown as Source, { bookCurrency: source.source.dossier.currency });
      expectAgreesWithOracle(receiver.state, result.quarantined, oracle, `step ${index} (${kind})`);
    }
    const again = await engine.sync(adapter, source.dossierId, { kind: 'incremental', receiver });
    expect(again.counts.upserted + again.counts.deleted, 'a second sync of an unchanged source').to.equal(0);
  } finally {
    await store.close();
  }
}

describe('the diff engine against the oracle over random histories', () => {
  let dossier = 0;
  const kinds = fc.array(syncKind, { minLength: 6, maxLength: 6 });

  it('after every sync the platform holds what the oracle says is valid, and the report names what it leaves out', async function () {
    this.timeout(timeoutFor(300_000));
    await fc.assert(
      fc.asyncProperty(history, kinds, fc.boolean(), (steps, k, log) => replayAgainstOracle(steps, k, log, `O${++dossier}`)),
      runs(60, 2_000),
    );
  });

  it('matchings changed, deleted and re-added across syncs over-match and release each other as the oracle says', async function () {
    this.timeout(timeoutFor(300_000));
    await fc.assert(
      fc.asyncProperty(matchingHistory, kinds, fc.boolean(), (steps, k, log) => replayAgainstOracle(steps, k, log, `OM${++dossier}`)),
      runs(60, 2_000),
    );
  });
});
