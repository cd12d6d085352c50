import { emptyLedgerState, replay, truthOf } from '@ledgersync/sdk';
import { expect } from 'chai';
import { HttpChangesetReceiver, PlatformClient, PlatformRequestError } from '../../src/orchestration';
import { ManualClock, Platform, PlatformServer, startPlatformServer } from '../../src/platform';
import { eachDatabase } from '../platform/support/databases';
import { publicLedgers } from '../platform/support/ledgers';
import { operationsBetween, pagesOf } from '../platform/support/state-diff';

describe('a connector presumed dead', function () {
  this.timeout(30_000);
  const [database] = eachDatabase('lease');
  const clock = new ManualClock('2025-02-01T02:00:00Z');
  let platform: Platform;
  let server: PlatformServer;

  before(async () => {
    platform = await Platform.on((await database.open()).db, { clock, leaseMs: 60_000, retryBaseMs: 1_000 });
    server = await startPlatformServer(platform);
  });
  after(async () => {
    await server?.close();
    await platform?.close();
    await database.drop();
  });

  it('cannot write pages once its lease ran out and the task went to another connector', async () => {
    const ledger = publicLedgers()[0];
    const dossierId = ledger.dossier.id;
    await platform.dossiers.register({ ...ledger.dossier, connectorId: 'slow', adapterId: 'recorded-ledger', adapterVersion: '1.0.0' });
    const { task } = await platform.requestManualSync(dossierId, 'full');
    await platform.claimFor('slow');
    await platform.tasks.start(task.id, 'slow');
    const pages = pagesOf(operationsBetween(emptyLedgerState(), truthOf(ledger, [...replay(ledger)][0]).state), 10);
    const client = new PlatformClient(server.url, { retryBaseMs: 5 });
    const slow = new HttpChangesetReceiver(client, { taskId: task.id, connectorId: 'slow' });
    await slow.begin({ changesetId: 'slow-1', dossierId, kind: 'full', startedAt: clock.now().toISOString() });
    expect(await slow.apply({ changesetId: 'slow-1', dossierId, sequence: 1, operations: pages[0] })).to.include({ applied: true });

    clock.advance(61_000);
    await platform.db('pf_dossiers').where({ dossier_id: dossierId }).update({ connector_id: 'other' });
    expect(await platform.claimFor('other'), 'expired, then its back-off').to.equal(null);
    clock.advance(1_000);
    expect((await platform.claimFor('other'))?.id, 'the task went to another connector').to.equal(task.id);

    try {
      await slow.apply({ changesetId: 'slow-1', dossierId, sequence: 2, operations: pages[1] });
      expect.fail('the old holder must be refused');
    } catch (error) {
      expect(error).to.be.instanceOf(PlatformRequestError);
      expect((error as PlatformRequestError).code).to.equal('PLATFORM_LEASE_LOST');
      expect((error as Error).message).to.match(new RegExp(`task ${task.id} of dossier ${dossierId} is claimed, not held by connector slow`));
    }
    const applied = await platform.db('pf_applied_pages').where({ changeset_id: 'slow-1' }).select('sequence');
    expect(applied.map((row) => Number(row.sequence))).to.deep.equal([1]);
  });
});

describe('the connector token', function () {
  this.timeout(30_000);
  const [database] = eachDatabase('token');
  const token = 's3cr3t-connector-token';
  let platform: Platform;
  let server: PlatformServer;

  before(async () => {
    platform = await Platform.on((await database.open()).db);
    server = await startPlatformServer(platform, { connectorToken: token });
  });
  after(async () => {
    await server?.close();
    await platform?.close();
    await database.drop();
  });

  it('lets a connector with the token in and refuses one without, never echoing the secret', async () => {
    const registration = { connectorId: 'c1', pollIntervalMs: 600_000, adapters: [], dossiers: [] };
    const withToken = new PlatformClient(server.url, { token });
    expect(await withToken.post('/api/connectors/register', registration)).to.deep.equal({ backfill: [] });
    for (const wrong of [undefined, 'guess']) {
      try {
        await new PlatformClient(server.url, { token: wrong, retryBaseMs: 5 }).post('/api/connectors/c1/claim', {});
        expect.fail('expected a refusal');
      } catch (error) {
        expect((error as PlatformRequestError).code).to.equal('PLATFORM_UNAUTHORIZED');
        expect((error as PlatformRequestError).status).to.equal(401);
        expect((error as Error).message).to.not.include(token);
      }
    }
    const page = await fetch(`${server.url}/api/tasks`);
    expect(page.status, "the accountant's screens are not connector calls").to.equal(200);
  });
});
