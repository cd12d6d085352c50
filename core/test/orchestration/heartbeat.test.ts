import { ExtractionAdapter, truthOf } from '@ledgersync/sdk';
import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { TaskView } from '../../src/platform';
import { publicLedgers } from '../platform/support/ledgers';
import { expectPlatformEquals } from './support/compare';
import { Harness, materialise } from './support/harness';

/** The adapter with every listing slowed down, as a busy office server would be. */
function slow(adapter: ExtractionAdapter, delayMs: number): ExtractionAdapter {
  return new Proxy(adapter, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property !== 'read' && property !== 'digests' && property !== 'keys') return typeof value === 'function' ? value.bind(target) : value;
      return async function* (...args: unknown[]) {
        await sleep(delayMs);
        yield* (value as (...a: unknown[]) => AsyncIterable<unknown>).apply(target, args);
      };
    },
  });
}

describe('heartbeats', function () {
  this.timeout(30_000);

  it('keep a sync that outlasts its lease alive: it finishes on its first attempt', async () => {
    const ledger = publicLedgers()[0];
    const harness = await new Harness({ ledgers: [ledger], wallClock: true, leaseMs: 1_000, heartbeatMs: 150, wrapAdapter: (adapter) => slow(adapter, 200) }).start();
    try {
      materialise(harness.plays[0], 0);
      const asked = await harness.call<{ task: TaskView }>('POST', `/api/dossiers/${ledger.dossier.id}/sync`, { kind: 'full' });
      const started = Date.now();
      const [task] = await harness.connector.drain();
      expect(Date.now() - started, 'the sync took longer than one lease').to.be.greaterThan(1_000);
      const stored = await harness.platform.tasks.get(asked.body.task.id);
      expect(stored, JSON.stringify(stored.history)).to.deep.include({ state: 'succeeded', attempt: 1 });
      expect(task.id).to.equal(stored.id);
      expect(stored.history.map((e) => e.state)).to.deep.equal(['queued', 'claimed', 'running', 'succeeded']);
      await expectPlatformEquals(harness.platform, ledger.dossier.id, truthOf(ledger, harness.plays[0].steps[0]).state, 'after a slow sync');
    } finally {
      await harness.stop();
    }
  });
});
