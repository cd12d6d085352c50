import { expect } from 'chai';
import { Knex } from 'knex';
import { ManualClock, Platform } from '../../src/platform';
import { eachDatabase } from './support/databases';

const done = { counts: { read: 10, upserted: 4, deleted: 1, quarantined: 0 }, methods: { entry: 'digests' as const }, quarantined: [] };

for (const database of eachDatabase('tasks')) {
  describe(`task queue on ${database.label}`, function () {
    this.timeout(30_000);
    let db: Knex;
    let platform: Platform;
    const clock = new ManualClock('2025-02-01T10:00:00Z');

    before(async () => {
      ({ db } = await database.open());
      platform = await Platform.on(db, { clock, leaseMs: 60_000, retryBaseMs: 30_000, maxAttempts: 3 });
      for (const id of ['D1', 'D2', 'D3']) await platform.dossiers.register({ id, name: `Dossier ${id}`, currency: 'EUR', connectorId: 'c1', adapterId: 'a', adapterVersion: '1.0.0' });
    });
    after(async () => {
      await db?.destroy();
      await database.drop();
    });

    it('walks queued → claimed → running → succeeded with timestamps, counts and methods', async () => {
      const { task } = await platform.tasks.enqueue({ dossierId: 'D1', kind: 'incremental', origin: 'nightly' });
      expect(task.state).to.equal('queued');
      const claimed = await platform.tasks.claim('c1', ['D1']);
      expect(claimed).to.include({ id: task.id, state: 'claimed', connectorId: 'c1', attempt: 1 });
      clock.advance(1000);
      const running = await platform.tasks.start(task.id, 'c1');
      expect(running.state).to.equal('running');
      clock.advance(1000);
      const finished = await platform.tasks.succeed(task.id, 'c1', done);
      expect(finished).to.deep.include({ state: 'succeeded', counts: done.counts, methods: done.methods, claimedAt: '2025-02-01T10:00:00.000Z', startedAt: '2025-02-01T10:00:01.000Z', finishedAt: '2025-02-01T10:00:02.000Z' });
      expect(finished.history.map((e) => e.state)).to.deep.equal(['queued', 'claimed', 'running', 'succeeded']);
    });

    it('never hands out a second task for a dossier that has one running', async () => {
      const first = (await platform.tasks.enqueue({ dossierId: 'D2', kind: 'incremental', origin: 'nightly' })).task;
      const proposal = (await platform.tasks.enqueue({ dossierId: 'D2', kind: 'proposal', origin: 'proposal', fields: { proposals: [] } })).task;
      expect((await platform.tasks.claim('c1', ['D2']))?.id).to.equal(first.id);
      expect(await platform.tasks.claim('c2', ['D2']), 'second claimer for the same dossier').to.equal(null);
      await platform.tasks.start(first.id, 'c1');
      await platform.tasks.succeed(first.id, 'c1', done);
      expect((await platform.tasks.claim('c2', ['D2']))?.id).to.equal(proposal.id);
      await platform.tasks.cancel(proposal.id);
    });

    it('takes a task back when its lease runs out, retries with back-off, and refuses the old holder', async () => {
      const { task } = await platform.tasks.enqueue({ dossierId: 'D3', kind: 'full', origin: 'manual' });
      await platform.tasks.claim('dead', ['D3']);
      await platform.tasks.start(task.id, 'dead');
      clock.advance(61_000);
      const back = await platform.tasks.get(task.id);
      expect(await platform.tasks.expireLeases()).to.equal(1);
      const requeued = await platform.tasks.get(task.id);
      expect(back.state).to.equal('running');
      expect(requeued).to.deep.include({ state: 'queued', error: { code: 'TASK_LEASE_EXPIRED', message: 'connector dead stopped reporting on dossier D3' } });
      expect(Date.parse(requeued.notBefore) - clock.now().getTime()).to.equal(30_000);
      expect(await platform.tasks.claim('alive', ['D3']), 'not before the back-off').to.equal(null);
      clock.advance(30_000);
      expect((await platform.tasks.claim('alive', ['D3']))?.attempt).to.equal(2);
      await expectCode(platform.tasks.heartbeat(task.id, 'dead'), 'PLATFORM_LEASE_LOST');
      await platform.tasks.start(task.id, 'alive');
      const failed = await platform.tasks.fail(task.id, 'alive', { code: 'ADAPTER_CONNECTION_FAILED', message: 'source down' });
      expect(failed.state).to.equal('queued');
      expect(Date.parse(failed.notBefore) - clock.now().getTime(), 'second back-off doubles').to.equal(60_000);
      clock.advance(60_000);
      await platform.tasks.claim('alive', ['D3']);
      const final = await platform.tasks.fail(task.id, 'alive', { code: 'ADAPTER_CONNECTION_FAILED', message: 'source down' });
      expect(final, 'attempts spent').to.deep.include({ state: 'failed', attempt: 3, error: { code: 'ADAPTER_CONNECTION_FAILED', message: 'source down' } });
    });

    it('fails at once, without retry, on an error a retry cannot fix', async () => {
      const { task } = await platform.tasks.enqueue({ dossierId: 'D3', kind: 'incremental', origin: 'manual' });
      await platform.tasks.claim('c1', ['D3']);
      const failed = await platform.tasks.fail(task.id, 'c1', { code: 'ADAPTER_CONFIGURATION_INVALID', message: 'field password: refused', retryable: false });
      expect(failed.state).to.equal('failed');
    });

    it('merges a manual request into the sync already queued for the dossier', async () => {
      const nightly = (await platform.tasks.enqueue({ dossierId: 'D1', kind: 'incremental', origin: 'nightly', notBefore: '2025-02-02T02:00:00.000Z' })).task;
      const { task, merged } = await platform.requestManualSync('D1', 'full', { updatedUntil: '2025-01-31', resetProposalCounter: true });
      expect(merged).to.equal(true);
      expect(task).to.deep.include({ id: nightly.id, kind: 'full', origin: 'manual', fields: { updatedUntil: '2025-01-31', resetProposalCounter: true } });
      const again = await platform.requestManualSync('D1', 'incremental', { notifyClient: true });
      expect(again.task).to.deep.include({ id: nightly.id, kind: 'full', fields: { updatedUntil: '2025-01-31', resetProposalCounter: true, notifyClient: true } });
      expect((await platform.tasks.list({ dossierId: 'D1', state: 'queued' })).length).to.equal(1);
      await platform.tasks.cancel(nightly.id);
    });

    it('refuses a bad connector registration and a bad night, naming the field', async () => {
      await expectCode(platform.registerConnector({ connectorId: 'c 1', pollIntervalMs: 1000, adapters: [], dossiers: [] }), 'PLATFORM_INVALID_FIELD', /field connectorId/);
      await expectCode(platform.registerConnector({ connectorId: 'c1', pollIntervalMs: 0, adapters: [], dossiers: [] }), 'PLATFORM_INVALID_FIELD', /field pollIntervalMs/);
      const dossiers = [{ id: 'D9', name: '', currency: 'EUR', adapterId: 'a' }];
      await expectCode(platform.registerConnector({ connectorId: 'c1', pollIntervalMs: 1000, adapters: [{ id: 'a', version: '1.0.0' }], dossiers }), 'PLATFORM_INVALID_FIELD', /dossier D9, field dossiers\[0\]\.name/);
      await expectCode(platform.planNight('2025-13-01'), 'PLATFORM_INVALID_FIELD', /field day/);
    });

    it('refuses bad manual fields, naming the dossier and the field', async () => {
      await expectCode(platform.requestManualSync('D1', 'full', { updatedUntil: '2025-02-30' }), 'PLATFORM_INVALID_FIELD', /dossier D1, field updatedUntil/);
      await expectCode(platform.requestManualSync('NOPE', 'full', {}), 'PLATFORM_UNKNOWN_DOSSIER');
      await expectCode(platform.bulkUpdate(['D1', 'NOPE'], { updatedUntil: '2025-01-31' }), 'PLATFORM_UNKNOWN_DOSSIER');
      expect((await platform.dossiers.get('D1')).updatedUntil, 'bulk is all or nothing').to.equal(null);
    });

    it('sets updated-until and resets the counter for many dossiers at once', async () => {
      await platform.dossiers.addToProposalCounter('D1', 3);
      await platform.dossiers.addToProposalCounter('D2', 5);
      await platform.bulkUpdate(['D1', 'D2'], { updatedUntil: '2025-01-31', resetProposalCounter: true });
      for (const id of ['D1', 'D2']) expect(await platform.dossiers.get(id)).to.deep.include({ updatedUntil: '2025-01-31', proposalCounter: 0 });
      expect((await platform.dossiers.get('D3')).updatedUntil).to.equal(null);
    });
  });
}

async function expectCode(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect((error as { code?: string }).code).to.equal(code);
    if (message) expect((error as Error).message).to.match(message);
    return;
  }
  expect.fail(`expected ${code}`);
}

describe('task claims racing on MariaDB', function () {
  this.timeout(30_000);
  const [, database] = eachDatabase('claims');
  let db: Knex;
  let platform: Platform;

  before(async () => {
    ({ db } = await database.open());
    platform = await Platform.on(db);
    await platform.dossiers.register({ id: 'R1', name: 'Race', currency: 'EUR', connectorId: 'c1', adapterId: 'a', adapterVersion: '1.0.0' });
  });
  after(async () => {
    await db?.destroy();
    await database.drop();
  });

  it('hands out one task of a dossier however many claims race for it', async () => {
    await platform.tasks.enqueue({ dossierId: 'R1', kind: 'incremental', origin: 'nightly' });
    await platform.tasks.enqueue({ dossierId: 'R1', kind: 'proposal', origin: 'proposal', fields: { proposals: [] } });
    // a pool of its own, so the claims really run on parallel connections
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => platform.tasks.claim(`c${i}`, ['R1']).catch((error: Error) => error)));
    const won = claims.filter((claim) => claim !== null && !(claim instanceof Error));
    expect(won, JSON.stringify(claims.filter((c) => c instanceof Error).map((e) => (e as Error).message))).to.have.length(1);
    expect((await platform.tasks.list({ dossierId: 'R1', state: 'claimed' })).length).to.equal(1);
  });
});
