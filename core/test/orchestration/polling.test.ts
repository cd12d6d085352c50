import { truthOf } from '@ledgersync/sdk';
import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDiffEngine } from '../../src/engine';
import { Connector, ConnectorEvent } from '../../src/orchestration';
import { monitoringSummary, TaskView } from '../../src/platform';
import { openStateStore } from '../../src/state';
import { publicLedgers } from '../platform/support/ledgers';
import { expectPlatformEquals } from './support/compare';
import { Harness, materialise } from './support/harness';

describe('polling', function () {
  this.timeout(30_000);

  it('shows when a manual sync will be picked up: the connector’s next poll', async () => {
    const harness = await new Harness({ ledgers: [publicLedgers()[0]] }).start();
    try {
      const dossierId = harness.plays[0].ledger.dossier.id;
      harness.clock.set('2025-02-03T09:00:00Z');
      expect(await harness.connector.pollOnce(), 'nothing to do yet').to.equal(null);
      harness.clock.set('2025-02-03T09:03:00Z');
      const asked = await harness.call<{ task: TaskView; expectedPickup: string }>('POST', `/api/dossiers/${dossierId}/sync`, { kind: 'incremental' });
      expect(asked.body.expectedPickup, 'last poll 09:00 + 10 minutes').to.equal('2025-02-03T09:10:00.000Z');
      const summary = await monitoringSummary(harness.platform);
      expect(summary.dossiers[0].nextSync).to.deep.include({ kind: 'incremental', origin: 'manual', expectedPickup: '2025-02-03T09:10:00.000Z', taskId: asked.body.task.id });
      expect(summary.connectors[0]).to.deep.include({ id: 'office-1', pollIntervalMs: 600_000, nextPollAt: '2025-02-03T09:10:00.000Z' });
    } finally {
      await harness.stop();
    }
  });

  it('a started connector picks up work on its own and stops cleanly', async () => {
    const ledger = publicLedgers()[1];
    const harness = await new Harness({ ledgers: [ledger], pollIntervalMs: 50 }).start();
    try {
      materialise(harness.plays[0], 0);
      harness.connector.start();
      const asked = await harness.call<{ task: TaskView }>('POST', `/api/dossiers/${ledger.dossier.id}/sync`, { kind: 'full' });
      let task = asked.body.task;
      for (let waited = 0; task.state !== 'succeeded' && waited < 10_000; waited += 50) {
        await sleep(50);
        task = await harness.platform.tasks.get(task.id);
      }
      expect(task.state).to.equal('succeeded');
      await harness.connector.stop();
      await expectPlatformEquals(harness.platform, ledger.dossier.id, truthOf(ledger, harness.plays[0].steps[0]).state, 'after a polled sync');
    } finally {
      await harness.stop();
    }
  });

  it('reports a failed poll and keeps polling', async () => {
    const events: ConnectorEvent[] = [];
    const store = await openStateStore({ client: 'sqlite', filename: ':memory:' });
    // a port nothing listens on: the platform is down
    const connector = new Connector({
      connectorId: 'office-x',
      credential: 'lsc:office-x:never-sent',
      platformUrl: 'http://127.0.0.1:9',
      engine: createDiffEngine({ store }),
      adapters: [],
      pollIntervalMs: 20,
      client: { attempts: 1, timeoutMs: 500 },
      onEvent: (event) => events.push(event),
    });
    connector.start();
    for (let waited = 0; events.length < 2 && waited < 5_000; waited += 20) await sleep(20);
    await connector.stop();
    await store.close();
    expect(events.length).to.be.at.least(2);
    expect(events[0]).to.deep.include({ type: 'poll-failed' });
    expect((events[0] as { error: { code: string } }).error.code).to.equal('CONNECTOR_PLATFORM_UNREACHABLE');
  });
});
