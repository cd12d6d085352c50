import { expect } from 'chai';
import { Platform, PlatformServer } from '../../../src/platform';
import { eachDatabase } from '../support/databases';
import { DOSSIER, json, platformWithParties, raw } from './support';

describe('platform HTTP: structured logs', function () {
  this.timeout(30_000);
  const [database] = eachDatabase('logs');
  const lines: string[] = [];
  let platform: Platform;
  let server: PlatformServer;
  let office: string;
  let token: string;

  before(async () => {
    ({ platform, server, office, token } = await platformWithParties(database, { logger: { level: 'info', stream: { write: (line) => lines.push(line) } } }));
  });
  after(async () => {
    await server?.close();
    await platform?.close();
    await database.drop();
  });

  it('writes one JSON line per request and its answer, with no credential, cookie, lease or body in them', async () => {
    await raw(server, 'POST', '/api/connectors/office/claim', json(office, { 'x-ledgersync-lease': 'lease-secret-value' }), '{}');
    const login = await raw(server, 'POST', '/api/session', json(), JSON.stringify({ userId: 'anna', password: 'correct horse battery' }));
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    await raw(server, 'POST', `/api/dossiers/${DOSSIER}/proposals`, json(token), JSON.stringify({ proposals: [{ id: 'P-LOGGED', description: 'body-text-never-logged' }] }));
    await raw(server, 'GET', '/api/tasks', { cookie });
    const records = lines.map((line) => JSON.parse(line) as { reqId?: string; req?: { method: string; url: string }; res?: { statusCode: number } });
    expect(records.filter((r) => r.req).map((r) => `${r.req!.method} ${r.req!.url}`)).to.include.members(['POST /api/connectors/office/claim', 'POST /api/session', 'GET /api/tasks']);
    expect(records.filter((r) => r.res).length).to.be.at.least(4);
    const all = lines.join('\n');
    for (const secret of [office.split(':')[2], token.split(':')[2], cookie.split('=')[1], 'lease-secret-value', 'correct horse battery', 'body-text-never-logged', String(login.json.csrfToken)]) {
      expect(all).to.not.include(secret);
    }
  });
});
