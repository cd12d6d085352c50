import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { generateRecordedLedger, replay } from '@ledgersync/sdk';
import { Platform } from '../../src/platform';
import { freePort, Service } from './support/processes';

/**
 * `platform serve` on SIGTERM drains: it stops accepting, lets a page upload that is in flight
 * finish (answered, applied once), closes its pool and exits 0. The former close cut every
 * connection first, so the connector saw a reset and the page's fate was unknown to it.
 */
describe('platform serve drains on SIGTERM', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'ls-drain-'));
  const database = `sqlite:${join(dir, 'platform.db')}`;
  let service: Service | undefined;
  after(() => {
    service?.signal('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers and applies once a page whose upload is in flight when SIGTERM comes, then exits 0', async () => {
    const dossierId = 'BE0000000018';
    let platform = await Platform.open({ client: 'sqlite', filename: join(dir, 'platform.db') });
    const credential = await platform.connectors.issue('office-1');
    await platform.connectors.assign('office-1', [dossierId]);
    await platform.close();

    const port = await freePort();
    service = new Service(['platform', 'serve', '--database', database, '--port', String(port), '--no-night-plan', '--drain-ms', '20000']);
    await service.waitFor((line) => line.msg === 'listening');
    const base = `http://127.0.0.1:${port}`;
    const call = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      expect(response.status, `${path}: ${await response.clone().text()}`).to.equal(200);
      return (await response.json()) as Record<string, any>;
    };
    await call('/api/connectors/register', { connectorId: 'office-1', pollIntervalMs: 1000, adapters: [{ id: 'sim', version: '1.0.0' }], dossiers: [{ id: dossierId, name: 'Drain', currency: 'EUR', adapterId: 'sim' }] });
    platform = await Platform.open({ client: 'sqlite', filename: join(dir, 'platform.db') });
    await platform.requestManualSync(dossierId, 'full');
    await platform.close();
    const { task, lease } = await call('/api/connectors/office-1/claim', {});
    expect(task, 'a task to claim').to.not.equal(null);
    const leased = { 'x-ledgersync-lease': lease as string };
    const query = `?task=${task.id}&connector=office-1`;
    await call(`/api/tasks/${task.id}/start`, { connectorId: 'office-1' }, leased);
    const changesetId = 'drain-1';
    await call(`/api/changesets/begin${query}`, { changesetId, dossierId, kind: 'full', startedAt: new Date().toISOString() }, leased);

    // the page's upload: headers and half the body now, SIGTERM, the rest once the server is stopping
    const [first] = [...replay(generateRecordedLedger({ seed: 18, entries: 20, steps: 1 }))];
    const record = [...first.source.account.values()][0].record as { id: string };
    const body = Buffer.from(JSON.stringify({ changesetId, dossierId, sequence: 1, operations: [{ op: 'upsert', entity: 'account', id: record.id, record, digest: 'd1' }] }));
    const answer = new Promise<{ status: number; text: string }>((done, fail) => {
      const upload = request(`${base}/api/changesets/pages${query}`, { method: 'POST', headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json', 'content-length': String(body.length), ...leased } }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => done({ status: response.statusCode ?? 0, text }));
      });
      upload.on('error', fail);
      upload.write(body.subarray(0, 20));
      setTimeout(() => {
        service!.signal('SIGTERM');
        service!
          .waitFor((line) => line.msg === 'stopping')
          .then(() => new Promise((r) => setTimeout(r, 300)))
          .then(() => upload.end(body.subarray(20)), fail);
      }, 300);
    });
    const reply = await answer;
    expect(reply.status, reply.text).to.equal(200);
    expect(JSON.parse(reply.text)).to.include({ applied: true });
    expect(await service.exited).to.equal(0);
    expect(service.lines.some((line) => line.msg === 'stopped'), service.output).to.equal(true);

    platform = await Platform.open({ client: 'sqlite', filename: join(dir, 'platform.db') });
    try {
      const rows = await platform.db('pf_applied_pages').where({ changeset_id: changesetId });
      expect(rows).to.have.length(1);
    } finally {
      await platform.close();
    }
  });
});
