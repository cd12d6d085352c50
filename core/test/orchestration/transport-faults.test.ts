import { emptyLedgerState, portalFigures, replay, truthOf } from '@ledgersync/sdk';
import { expect } from 'chai';
import nock from 'nock';
import { ChangesetPage } from '../../src/changeset/types';
import { HttpChangesetReceiver, PlatformClient, PlatformRequestError } from '../../src/orchestration';
import { openItems, Platform, platformState, PlatformServer, startPlatformServer, trialBalance } from '../../src/platform';
import { ReceiverTask } from '../../src/orchestration';
import { eachDatabase } from '../platform/support/databases';
import { leasedTask } from '../platform/support/leased-task';
import { publicLedgers } from '../platform/support/ledgers';
import { canonicalStateOf, operationsBetween, pagesOf } from '../platform/support/state-diff';

describe('changesets over HTTP with transport faults (nock injects the faults, a real platform answers)', function () {
  this.timeout(30_000);
  const [database] = eachDatabase('faults');
  let platform: Platform;
  let server: PlatformServer;
  const ledger = publicLedgers()[0];
  const truth = truthOf(ledger, [...replay(ledger)][0]).state;
  const dossierId = ledger.dossier.id;
  let credential: string;
  let task: ReceiverTask;

  before(async () => {
    const { db } = await database.open();
    platform = await Platform.on(db);
    server = await startPlatformServer(platform);
    await platform.dossiers.register({ ...ledger.dossier, connectorId: 'c1', adapterId: 'recorded-ledger', adapterVersion: '1.0.0' });
    ({ credential, receiverTask: task } = await leasedTask(platform, dossierId));
  });
  after(async () => {
    await server?.close();
    await platform?.close();
    await database.drop();
  });
  // no nock.cleanAll(): other suites' interceptors stay; ours target this server's port only and are all consumed

  it('loses nothing and applies nothing twice through a 500, a timeout and a connection dropped after the page was applied', async () => {
    const client = new PlatformClient(server.url, { timeoutMs: 400, retryBaseMs: 20, attempts: 5, token: credential });
    const receiver = new HttpChangesetReceiver(client, task);
    const pages = pagesOf(operationsBetween(emptyLedgerState(), truth), 6).map((operations, i): ChangesetPage => ({ changesetId: 'faulty', dossierId, sequence: i + 1, operations }));
    expect(pages.length).to.be.greaterThan(4);

    const faults = nock(server.url, { allowUnmocked: true });
    // page 2: the platform fails once
    faults.post(/^\/api\/changesets\/pages\?/, (body) => body.sequence === 2).reply(500, { error: { code: 'PLATFORM_INTERNAL', message: 'database restarting' } });
    // page 3: no answer within the client's timeout
    faults.post(/^\/api\/changesets\/pages\?/, (body) => body.sequence === 3).delay(2_000).reply(200, {});
    // page 4: the platform applies it, then the connection drops before the acknowledgement
    let appliedBeforeDrop = false;
    faults.post(/^\/api\/changesets\/pages\?/, (body) => body.sequence === 4).reply((_uri, body, callback) => {
      platform.receiver.apply(body as ChangesetPage).then(
        (ack) => {
          appliedBeforeDrop = ack.applied;
          callback(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), [0, '']);
        },
        (error: Error) => callback(error, [0, '']),
      );
    });

    expect(await receiver.begin({ changesetId: 'faulty', dossierId, kind: 'full', startedAt: '2025-02-01T02:00:00.000Z' })).to.deep.equal({ lastApplied: 0 });
    const acks = [];
    for (const page of pages) acks.push(await receiver.apply(page));
    await receiver.complete({ changesetId: 'faulty', dossierId, kind: 'full', pages: pages.length, counts: { read: 0, upserted: 0, deleted: 0, quarantined: 0 }, methods: {}, quarantined: [], finishedAt: '2025-02-01T02:01:00.000Z' });

    expect(faults.isDone(), 'every fault was injected').to.equal(true);
    expect(appliedBeforeDrop).to.equal(true);
    expect(acks.map((ack) => ack.applied), 'the retried page 4 was already applied').to.deep.equal(pages.map((page) => page.sequence !== 4));
    const applied = await platform.db('pf_applied_pages').where({ changeset_id: 'faulty' }).orderBy('sequence').select('sequence');
    expect(applied.map((row) => Number(row.sequence))).to.deep.equal(pages.map((page) => page.sequence));
    expect(canonicalStateOf(await platformState(platform.db, dossierId))).to.deep.equal(canonicalStateOf(truth));
    const figures = portalFigures(truth);
    expect(await trialBalance(platform.db, dossierId)).to.deep.equal(figures.trialBalance);
    expect(await openItems(platform.db, dossierId)).to.deep.equal(figures.openItems);
  });

  it('does not retry what the platform refuses, and names it', async () => {
    const client = new PlatformClient(server.url, { retryBaseMs: 5, token: credential });
    const receiver = new HttpChangesetReceiver(client, task);
    try {
      await receiver.apply({ changesetId: 'unknown', dossierId, sequence: 1, operations: [] });
      expect.fail('expected a refusal');
    } catch (error) {
      expect(error).to.be.instanceOf(PlatformRequestError);
      expect((error as PlatformRequestError).code).to.equal('PLATFORM_UNKNOWN_CHANGESET');
      expect((error as PlatformRequestError).status).to.equal(404);
    }
  });

  it('gives up with a clear error when the platform stays unreachable', async () => {
    const client = new PlatformClient(server.url, { retryBaseMs: 5, attempts: 3, token: credential });
    nock(server.url).post(/^\/api\/changesets\/pages\?/).times(3).replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
    try {
      await new HttpChangesetReceiver(client, task).apply({ changesetId: 'x', dossierId, sequence: 1, operations: [] });
      expect.fail('expected an error');
    } catch (error) {
      expect((error as { code?: string }).code).to.equal('CONNECTOR_PLATFORM_UNREACHABLE');
      expect((error as Error).message).to.match(/\/api\/changesets\/pages\?task=\d+&connector=c1 failed 3 times/);
    }
  });
});
