import { ClientRequest, request as httpRequest } from 'node:http';
import { expect } from 'chai';
import { Platform, PlatformServer, PlatformServerOptions } from '../../../src/platform';
import { eachDatabase, TestDatabase } from '../support/databases';
import { DOSSIER, firstStepOperations, json, platformWithParties, raw, RawResponse } from './support';

/**
 * Requests with a body above the platform's pool size wait in a bounded queue for a place instead
 * of being refused at once (issue 18's big run answered tens of thousands of 503s): with a pool of
 * two, eight page uploads at once are all applied, once each; beyond the queue bound or the wait
 * limit the answer is 503 with Retry-After.
 */
for (const database of eachDatabase('admission')) {
  describe(`platform HTTP: requests wait for a place on ${database.label}`, function () {
    this.timeout(60_000);
    const opened: { platform: Platform; server: PlatformServer }[] = [];
    after(async () => {
      for (const { platform, server } of opened) {
        await server.close({ drainMs: 100 });
        await platform.close();
      }
    });
    after(() => database.drop());

    it('applies eight page uploads at once with a pool of two, none refused, each page once', async () => {
      const { platform, server, office, token, registration } = await open(database, opened, { maxConcurrentBodies: 2, maxQueuedBodies: 8, maxQueueWaitMs: 30_000, logger: { level: 'error' } });
      // eight connectors, a dossier and a task each: their pages run side by side, as at 02:00
      const [account] = firstStepOperations().filter((op) => op.op === 'upsert' && op.entity === 'account');
      const uploads: (() => Promise<RawResponse>)[] = [];
      const changesets: string[] = [];
      for (let i = 0; i < 8; i++) {
        const connectorId = `queued-${i}`;
        const dossierId = `${DOSSIER}-q${i}`;
        const credential = await platform.connectors.issue(connectorId);
        await platform.connectors.assign(connectorId, [dossierId]);
        await platform.registerConnector({ ...registration, connectorId, dossiers: [{ ...registration.dossiers[0], id: dossierId }] });
        const asked = await raw(server, 'POST', `/api/dossiers/${dossierId}/sync`, json(token), JSON.stringify({ kind: 'full' }));
        expect(asked.status, asked.text).to.be.oneOf([200, 201]);
        const { query, leased } = await claimedTask(server, connectorId, credential);
        const changesetId = `queued-${dossierId}`;
        changesets.push(changesetId);
        const begun = await raw(server, 'POST', `/api/changesets/begin${query}`, leased, JSON.stringify({ changesetId, dossierId, kind: 'full', startedAt: '2025-02-01T02:00:00.000Z' }));
        expect(begun.status, begun.text).to.equal(200);
        uploads.push(() => raw(server, 'POST', `/api/changesets/pages${query}`, leased, JSON.stringify({ changesetId, dossierId, sequence: 1, operations: [account] })));
      }
      // both places held by slow uploads, so every one of the eight must wait rather than run
      const held = holdPlaces(server, office, 2);
      await pause(200);
      let answered = 0;
      const sent = uploads.map((upload) => upload().finally(() => answered++));
      await pause(300);
      expect(answered, 'the eight wait while both places are held (before: 503 at once)').to.equal(0);
      held.forEach((call) => call.destroy());
      const answers = await Promise.all(sent);
      expect(answers.map((a) => a.status), answers.map((a) => a.text).join('\n')).to.deep.equal(Array(8).fill(200));
      expect(answers.map((a) => a.json.applied)).to.deep.equal(Array(8).fill(true));
      const rows = await platform.db('pf_applied_pages').whereIn('changeset_id', changesets).select('changeset_id', 'sequence');
      expect(rows.map((r) => `${r.changeset_id}/${r.sequence}`).sort(), 'each page applied once').to.deep.equal(changesets.map((id) => `${id}/1`).sort());
    });

    it('refuses with 503 and Retry-After beyond the queue bound, serves the queued ones, and times a wait out', async () => {
      const { server, office } = await open(database, opened, { maxConcurrentBodies: 2, maxQueuedBodies: 2, maxQueueWaitMs: 1_500 });
      const held = holdPlaces(server, office, 2);
      await pause(200);
      const claim = () => raw(server, 'POST', '/api/connectors/office/claim', json(office), '{}');
      const queued = [claim(), claim()];
      await pause(200);
      const beyond = await claim();
      expect(beyond.status).to.equal(503);
      expect(beyond.headers['retry-after']).to.equal('1');
      expect(beyond.json.error?.code).to.equal('PLATFORM_BUSY');
      expect((await raw(server, 'GET', '/login')).status, 'reads are not held up').to.equal(200);
      held.forEach((call) => call.destroy());
      expect((await Promise.all(queued)).map((a) => a.status)).to.deep.equal([200, 200]);

      // a request that cannot get a place within the wait limit is refused, and a client that left
      // while waiting gives its place in the queue up
      const heldAgain = holdPlaces(server, office, 2);
      await pause(200);
      const leaving = rawCall(server, office);
      await pause(100);
      leaving.destroy();
      await pause(100);
      const started = Date.now();
      const timed = () => claim().then((answer) => ({ ...answer, ms: Date.now() - started }));
      const waited: (RawResponse & { ms: number })[] = await Promise.all([timed(), timed()]);
      expect(waited.map((a) => a.status)).to.deep.equal([503, 503]);
      expect(waited.map((a) => a.ms >= 1_400), 'both fit in the queue the leaver left, then wait out the limit').to.deep.equal([true, true]);
      expect(waited[0].headers['retry-after']).to.equal('1');
      heldAgain.forEach((call) => call.destroy());
      await pause(200);
      expect((await claim()).status, 'every place given back').to.equal(200);
    });
  });
}

async function open(database: TestDatabase, opened: { platform: Platform; server: PlatformServer }[], options: PlatformServerOptions) {
  if (opened.length > 0) {
    const previous = opened.pop()!;
    await previous.server.close({ drainMs: 100 });
    await previous.platform.close();
    await database.drop();
  }
  const parties = await platformWithParties(database, options, { max: 2 });
  opened.push(parties);
  return parties;
}

async function claimedTask(server: PlatformServer, connectorId: string, credential: string) {
  const claim = await raw(server, 'POST', `/api/connectors/${connectorId}/claim`, json(credential), '{}');
  expect(claim.status, claim.text).to.equal(200);
  const { task, lease } = claim.json as { task: { id: number }; lease: string };
  return { query: `?task=${task.id}&connector=${connectorId}`, leased: json(credential, { 'x-ledgersync-lease': lease }) };
}

/** Uploads that announce a body and send one byte of it: each holds a place until destroyed. */
function holdPlaces(server: PlatformServer, office: string, count: number): ClientRequest[] {
  return Array.from({ length: count }, () => {
    const call = rawCall(server, office);
    call.write('{');
    return call;
  });
}

function rawCall(server: PlatformServer, office: string): ClientRequest {
  const url = new URL(server.url);
  const call = httpRequest({ host: url.hostname, port: url.port, method: 'POST', path: '/api/connectors/register', headers: { host: url.host, 'content-type': 'application/json', 'content-length': '100000', authorization: `Bearer ${office}` } });
  call.on('error', () => undefined);
  call.flushHeaders();
  return call;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
