import { expect } from 'chai';
import { Platform, PlatformServer } from '../../../src/platform';
import { eachDatabase } from '../support/databases';
import { DOSSIER, firstStepOperations, json, LEDGER, platformWithParties, raw, snapshot } from './support';

/**
 * The attacks of issue 17 on the platform, as someone on loopback (or a page in the accountant's
 * browser) would try them. Each failed on the hand-written router: the process died, or the forged
 * call was carried out.
 */
for (const database of eachDatabase('attacks')) describe(`platform HTTP: attacks (${database.label})`, function () {
  this.timeout(30_000);
  let platform: Platform;
  let server: PlatformServer;
  let office: string;
  let intruder: string;
  let token: string;
  let registration: Awaited<ReturnType<typeof platformWithParties>>['registration'];

  before(async () => {
    ({ platform, server, office, intruder, token, registration } = await platformWithParties(database));
  });
  after(async () => {
    await server?.close();
    await platform?.close();
    await database.drop();
  });

  /** An accountant asks for a full sync; `office` claims it and gets the lease. */
  async function claimedTask(): Promise<{ id: number; lease: string }> {
    const asked = await raw(server, 'POST', `/api/dossiers/${DOSSIER}/sync`, json(token), JSON.stringify({ kind: 'full' }));
    expect(asked.status, asked.text).to.be.oneOf([200, 201]);
    const claim = await raw(server, 'POST', '/api/connectors/office/claim', json(office), '{}');
    expect(claim.status, claim.text).to.equal(200);
    const { task, lease } = claim.json as { task: { id: number }; lease: string };
    return { id: task.id, lease };
  }

  it('answers a malformed percent-escape with 400 and keeps running', async () => {
    for (const path of ['/api/dossiers/%ZZ', '/api/tasks/%E0%A4%A', '/monitoring?state=%ZZ']) {
      const response = await raw(server, 'GET', path, json(token));
      expect(response.status, path).to.be.oneOf([400, 404]);
    }
    expect((await raw(server, 'GET', '/api/tasks', json(token))).status, 'still serving').to.equal(200);
  });

  it('refuses a forged succeed: without a credential, with another connector’s, with the right one but not the lease', async () => {
    const task = await claimedTask();
    await raw(server, 'POST', `/api/tasks/${task.id}/start`, json(office, { 'x-ledgersync-lease': task.lease }), '{}');
    const success = JSON.stringify({ connectorId: 'office', counts: { read: 0, upserted: 0, deleted: 0, quarantined: 0 }, methods: {}, quarantined: [] });
    const before = await snapshot(platform);
    const forged = [
      await raw(server, 'POST', `/api/tasks/${task.id}/succeed`, json(), success),
      await raw(server, 'POST', `/api/tasks/${task.id}/succeed`, json(intruder, { 'x-ledgersync-lease': task.lease }), success),
      await raw(server, 'POST', `/api/tasks/${task.id}/succeed`, json(office), success),
      await raw(server, 'POST', `/api/tasks/${task.id}/succeed`, json(office, { 'x-ledgersync-lease': 'guessed' }), success),
    ];
    expect(forged.map((r) => r.json.error?.code)).to.deep.equal(['PLATFORM_UNAUTHORIZED', 'PLATFORM_FORBIDDEN', 'PLATFORM_LEASE_LOST', 'PLATFORM_LEASE_LOST']);
    expect(await snapshot(platform), 'nothing changed').to.equal(before);
    const done = await raw(server, 'POST', `/api/tasks/${task.id}/succeed`, json(office, { 'x-ledgersync-lease': task.lease }), success);
    expect(done.json).to.include({ state: 'succeeded' });
  });

  it('does not let another connector take a dossier over by registering it', async () => {
    const takeover = await raw(server, 'POST', '/api/connectors/register', json(intruder), JSON.stringify({ ...registration, connectorId: 'intruder' }));
    expect(takeover.status, takeover.text).to.equal(200);
    expect(takeover.json.refused).to.deep.equal([{ dossierId: DOSSIER, code: 'PLATFORM_DOSSIER_NOT_ASSIGNED', reason: `dossier ${DOSSIER} is not assigned to connector intruder (ledgersync platform connectors assign)` }]);
    const asOffice = await raw(server, 'POST', '/api/connectors/register', json(intruder), JSON.stringify(registration));
    expect(asOffice.json.error?.code, 'a credential speaks for its own connector only').to.equal('PLATFORM_FORBIDDEN');
    expect((await platform.dossiers.get(DOSSIER)).connectorId).to.equal('office');
    await raw(server, 'POST', `/api/dossiers/${DOSSIER}/sync`, json(token), JSON.stringify({ kind: 'incremental' }));
    const claim = await raw(server, 'POST', '/api/connectors/intruder/claim', json(intruder), '{}');
    expect(claim.json.task, 'nothing of the dossier to claim').to.equal(null);
    const other = await raw(server, 'POST', '/api/connectors/office/claim', json(intruder), '{}');
    expect(other.json.error?.code).to.equal('PLATFORM_FORBIDDEN');
    const cleared = (await platform.tasks.list({ dossierId: DOSSIER, state: 'queued' }))[0];
    await platform.tasks.cancel(cleared.id);
  });

  it('refuses pages that break the model before they reach the store: an unbalanced entry, 2025-13-45, entity __proto__', async () => {
    const task = await claimedTask();
    const leased = json(office, { 'x-ledgersync-lease': task.lease });
    const query = `?task=${task.id}&connector=office`;
    const begun = await raw(server, 'POST', `/api/changesets/begin${query}`, leased, JSON.stringify({ changesetId: 'attack-1', dossierId: DOSSIER, kind: 'full', startedAt: '2025-02-01T02:00:00.000Z' }));
    expect(begun.status, begun.text).to.equal(200);
    const entryOp = firstStepOperations().find((op) => op.op === 'upsert' && op.entity === 'entry')!;
    const entry = (entryOp as { record: { id: string; date: string; lines: { amount: number }[] } }).record;
    const unbalanced = { ...entryOp, record: { ...entry, lines: entry.lines.map((line, i) => (i === 0 ? { ...line, amount: line.amount + 1 } : line)) } };
    const badDate = { ...entryOp, record: { ...entry, date: '2025-13-45' } };
    const proto = { op: 'upsert', entity: '__proto__', id: 'x', record: {}, digest: 'd' };
    const otherId = { ...entryOp, id: 'not-the-record-id' };
    const answers = [];
    for (const operation of [unbalanced, badDate, proto, otherId]) {
      answers.push(await raw(server, 'POST', `/api/changesets/pages${query}`, leased, JSON.stringify({ changesetId: 'attack-1', dossierId: DOSSIER, sequence: 1, operations: [operation] })));
    }
    expect(answers.map((a) => a.status)).to.deep.equal([400, 400, 400, 400]);
    expect(answers[0].json.error?.message).to.match(new RegExp(`LEDGER_UNBALANCED_ENTRY: dossier ${DOSSIER}, entry ${entry.id}, field lines`));
    expect(answers[1].json.error?.message).to.match(new RegExp(`dossier ${DOSSIER}, entry ${entry.id}, field date: 2025-13-45 is not a calendar date`));
    expect(answers[2].json.error?.code).to.equal('PLATFORM_INVALID_REQUEST');
    expect(answers[3].json.error?.message).to.match(/field id: the record's id is not the operation's/);
    expect(await platform.db('pf_records').where({ dossier_id: DOSSIER }).count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    expect(await platform.db('pf_applied_pages').where({ changeset_id: 'attack-1' }).count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    // a page for another dossier under this task's lease is refused too
    const elsewhere = await raw(server, 'POST', `/api/changesets/begin${query}`, leased, JSON.stringify({ changesetId: 'attack-2', dossierId: 'BE0000000000', kind: 'full', startedAt: '2025-02-01T02:00:00.000Z' }));
    expect(elsewhere.json.error?.code).to.equal('PLATFORM_FORBIDDEN');
    await platform.tasks.cancel(task.id);
  });

  it('refuses a cross-site booking proposal (text/plain or a form, no credentials, a foreign Origin)', async () => {
    const proposals = JSON.stringify({ proposals: [{ id: 'P-EVIL', date: '2025-01-15', journalId: 'VK', description: 'evil', lines: [] }] });
    const before = await snapshot(platform);
    const attempts = [
      await raw(server, 'POST', `/api/dossiers/${DOSSIER}/proposals`, { 'content-type': 'text/plain' }, proposals),
      await raw(server, 'POST', `/api/dossiers/${DOSSIER}/proposals`, { 'content-type': 'application/x-www-form-urlencoded' }, `x=${encodeURIComponent(proposals)}`),
      await raw(server, 'POST', `/api/dossiers/${DOSSIER}/proposals`, { 'content-type': 'text/plain', authorization: `Bearer ${token}` }, proposals),
      await raw(server, 'POST', `/api/dossiers/${DOSSIER}/proposals`, json(token, { origin: 'http://evil.example' }), proposals),
    ];
    expect(attempts.map((a) => a.status)).to.deep.equal([415, 415, 415, 403]);
    expect(await snapshot(platform), 'no proposal, no task').to.equal(before);
  });

  it('refuses a foreign Host (DNS rebinding), on every route', async () => {
    for (const path of ['/api/tasks', '/monitoring', '/api/dossiers']) {
      const response = await raw(server, 'GET', path, { ...json(token), host: `evil.example:${new URL(server.url).port}` });
      expect(response.status, path).to.equal(403);
      expect(response.json.error?.code).to.equal('PLATFORM_FORBIDDEN');
    }
    expect((await raw(server, 'GET', '/api/tasks', { ...json(token), host: `localhost:${new URL(server.url).port}` })).status).to.equal(200);
  });

  it('needs an accountant for dossiers, tasks, proposals and monitoring', async () => {
    for (const [method, path] of [['GET', '/api/dossiers'], ['GET', `/api/dossiers/${DOSSIER}`], ['GET', '/api/tasks'], ['GET', '/api/monitoring'], ['POST', '/api/nights/2025-02-01/plan'], ['POST', '/api/tasks/1/cancel']]) {
      const response = await raw(server, method, path, {}, method === 'POST' ? undefined : undefined);
      expect(response.status, `${method} ${path}`).to.equal(401);
    }
    const page = await raw(server, 'GET', '/monitoring');
    expect(page.status).to.equal(302);
    expect(page.headers.location).to.equal('/login');
    const connectorAsAccountant = await raw(server, 'GET', '/api/tasks', json(office));
    expect(connectorAsAccountant.status, 'a connector credential is not an accountant token').to.equal(401);
  });

  it('never changes state on GET', async () => {
    const before = await snapshot(platform);
    for (const path of ['/api/dossiers', `/api/dossiers/${DOSSIER}`, '/api/tasks', '/api/tasks/1', '/api/monitoring', '/monitoring', '/login', '/api/connectors/office/claim', `/api/dossiers/${DOSSIER}/sync`, '/api/nights/2025-02-01/plan']) {
      await raw(server, 'GET', path, json(token));
      await raw(server, 'GET', path, json(office));
    }
    expect(await snapshot(platform)).to.equal(before);
  });

  it('answers a database failure without SQL or values', async () => {
    const task = await claimedTask();
    const leased = json(office, { 'x-ledgersync-lease': task.lease });
    const query = `?task=${task.id}&connector=office`;
    await raw(server, 'POST', `/api/changesets/begin${query}`, leased, JSON.stringify({ changesetId: 'sql-1', dossierId: DOSSIER, kind: 'full', startedAt: '2025-02-01T02:00:00.000Z' }));
    await platform.db.schema.renameTable('pf_records', 'pf_records_away');
    try {
      const upserts = firstStepOperations().filter((op) => op.op === 'upsert').slice(0, 3);
      const failed = await raw(server, 'POST', `/api/changesets/pages${query}`, leased, JSON.stringify({ changesetId: 'sql-1', dossierId: DOSSIER, sequence: 1, operations: upserts }));
      expect(failed.status).to.equal(500);
      expect(failed.json.error?.code).to.equal('PLATFORM_INTERNAL');
      expect(failed.text).to.not.match(/insert|select|pf_records|values/i);
      expect(failed.text).to.not.include(LEDGER.dossier.name);
    } finally {
      await platform.db.schema.renameTable('pf_records_away', 'pf_records');
      await platform.tasks.cancel(task.id);
    }
  });
});
