import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { truthOf } from '@ledgersync/sdk';
import { expect } from 'chai';
import { TaskView } from '../../src/platform';
import { publicLedgers } from '../platform/support/ledgers';
import { expectPlatformEquals } from './support/compare';
import { Harness, materialise } from './support/harness';

function runConnectorProcess(args: string[], credential: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(__dirname, 'support', 'connector-process.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LEDGERSYNC_CONNECTOR_CREDENTIAL: credential } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code, signal) => resolve({ code, signal, output }));
  });
}

describe('a connector killed mid-sync', function () {
  this.timeout(60_000);

  for (const ledger of publicLedgers()) {
    it(`${ledger.name}: the lease expires, the task is claimed again, the sync resumes and the platform equals the source, nothing applied twice`, async () => {
      const harness = await new Harness({ ledgers: [ledger], leaseMs: 60_000, retryBaseMs: 30_000 }).start();
      const dossierId = ledger.dossier.id;
      try {
        materialise(harness.plays[0], 0);
        const asked = await harness.call<{ task: TaskView }>('POST', `/api/dossiers/${dossierId}/sync`, { kind: 'full' });
        const killed = await runConnectorProcess([harness.server.url, harness.stateDbPath, harness.plays[0].fixture.path, 'office-1', '2'], harness.credential);
        expect(killed.signal, killed.output).to.equal('SIGKILL');

        const orphan = await harness.platform.tasks.get(asked.body.task.id);
        expect(orphan.state, 'the platform does not know the connector died').to.equal('running');
        const appliedBefore = await harness.platform.db('pf_applied_pages').select('changeset_id', 'sequence');
        expect(appliedBefore.map((r) => Number(r.sequence)).sort()).to.deep.equal([1, 2]);

        harness.clock.advance(61_000);
        expect(await harness.connector.pollOnce(), 'the expired task waits out its back-off').to.equal(null);
        expect((await harness.platform.tasks.get(orphan.id)).error?.code).to.equal('TASK_LEASE_EXPIRED');
        harness.clock.advance(30_000);
        const resumed = await harness.connector.pollOnce();
        expect(resumed).to.deep.include({ id: orphan.id, state: 'succeeded', attempt: 2 });
        expect(resumed!.outcome).to.match(/resumed/);
        expect(resumed!.history.map((e) => e.state)).to.deep.equal(['queued', 'claimed', 'running', 'queued', 'claimed', 'running', 'succeeded']);

        await expectPlatformEquals(harness.platform, dossierId, truthOf(ledger, harness.plays[0].steps[0]).state, `${ledger.name} after the resumed sync`);
        const applied = await harness.platform.db('pf_applied_pages').where({ changeset_id: appliedBefore[0].changeset_id }).orderBy('sequence').select('sequence', 'operations');
        const sequences = applied.map((r) => Number(r.sequence));
        expect(sequences, 'one changeset, each page applied once, in order').to.deep.equal(sequences.map((_, i) => i + 1));
        const pageAcks = harness.events.flatMap((e) => (e.type === 'page' ? [e.ack] : []));
        expect(pageAcks.filter((a) => a.applied).map((a) => a.sequence), 'the resumed run applied only the pages the killed one had not').to.deep.equal(sequences.filter((s) => s > 2));
        expect(pageAcks.filter((a) => !a.applied).every((a) => a.sequence <= 2), 'a re-sent page is acknowledged, not applied').to.equal(true);
      } finally {
        await harness.stop();
      }
    });
  }
});
