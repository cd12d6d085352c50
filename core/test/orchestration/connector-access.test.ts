import { emptyLedgerState, replay, truthOf } from '@ledgersync/sdk';
import { expect } from 'chai';
import { HttpChangesetReceiver, PlatformClient, PlatformRequestError } from '../../src/orchestration';
import { ManualClock, Platform, PlatformServer, startPlatformServer } from '../../src/platform';
import { eachDatabase } from '../platform/support/databases';
import { leasedTask } from '../platform/support/leased-task';
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
    const { task, credential, receiverTask } = await leasedTask(platform, dossierId, 'slow');
    await platform.tasks.start(task.id, 'slow');
    const pages = pagesOf(operationsBetween(emptyLedgerState(), truthOf(ledger, [...replay(ledger)][0]).state), 10);
    const client = new PlatformClient(server.url, { retryBaseMs: 5, token: credential });
    const slow = new HttpChangesetReceiver(client, receiverTask);
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

describe('connector credentials', function () {
  this.timeout(30_000);
  const [database] = eachDatabase('credential');
  let platform: Platform;
  let server: PlatformServer;
  let credential: string;

  before(async () => {
    platform = await Platform.on((await database.open()).db);
    server = await startPlatformServer(platform);
    credential = await platform.connectors.issue('c1');
  });
  after(async () => {
    await server?.close();
    await platform?.close();
    await database.drop();
  });

  it('lets a connector with its credential in and refuses a missing, wrong or revoked one, never echoing the secret', async () => {
    const registration = { connectorId: 'c1', pollIntervalMs: 600_000, adapters: [], dossiers: [] };
    expect(await new PlatformClient(server.url, { token: credential }).post('/api/connectors/register', registration)).to.deep.equal({ backfill: [], refused: [] });
    const secret = credential.split(':')[2];
    const refusals = async (token: string | undefined) => {
      try {
        await new PlatformClient(server.url, { token, retryBaseMs: 5 }).post('/api/connectors/c1/claim', {});
        expect.fail('expected a refusal');
      } catch (error) {
        expect((error as PlatformRequestError).code).to.equal('PLATFORM_UNAUTHORIZED');
        expect((error as PlatformRequestError).status).to.equal(401);
        expect((error as Error).message).to.not.include(secret);
      }
    };
    for (const wrong of [undefined, 'guess', `lsc:c1:${secret}x`, `lsc:c2:${secret}`]) await refusals(wrong);
    const stored = await platform.db('pf_connector_credentials').where({ connector_id: 'c1' }).first();
    expect(JSON.stringify(stored), 'stored as a digest only').to.not.include(secret);
    await platform.connectors.revoke('c1');
    await refusals(credential);
  });
});
