import { expect } from 'chai';
import { Platform, PlatformServer } from '../../../src/platform';
import { eachDatabase } from '../support/databases';
import { DOSSIER, json, platformWithParties, raw, snapshot } from './support';

for (const database of eachDatabase('accountants')) describe(`platform HTTP: accountants (${database.label})`, function () {
  this.timeout(30_000);
  let platform: Platform;
  let server: PlatformServer;
  let token: string;

  before(async () => {
    ({ platform, server, token } = await platformWithParties(database));
  });
  after(async () => {
    await server?.close();
    await platform?.close();
    await database.drop();
  });

  async function login(): Promise<{ cookie: string; csrfToken: string; setCookie: string }> {
    const answer = await raw(server, 'POST', '/api/session', json(), JSON.stringify({ userId: 'anna', password: 'correct horse battery' }));
    expect(answer.status, answer.text).to.equal(200);
    const setCookie = String(answer.headers['set-cookie']);
    return { cookie: setCookie.split(';')[0], csrfToken: answer.json.csrfToken as string, setCookie };
  }

  it('logs in with an HttpOnly, SameSite=Strict session cookie and answers a wrong password like an unknown user', async () => {
    const { setCookie, csrfToken } = await login();
    expect(setCookie).to.match(/^ls_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(csrfToken).to.match(/^[A-Za-z0-9_-]{43}$/);
    const wrong = await raw(server, 'POST', '/api/session', json(), JSON.stringify({ userId: 'anna', password: 'guess' }));
    const unknown = await raw(server, 'POST', '/api/session', json(), JSON.stringify({ userId: 'nobody', password: 'guess' }));
    expect([wrong.status, unknown.status]).to.deep.equal([401, 401]);
    expect(wrong.json.error?.message).to.equal(unknown.json.error?.message);
    const stored = JSON.stringify(await platform.db('pf_sessions').select());
    expect(stored, 'sessions stored as digests').to.not.include(setCookie.split(';')[0].split('=')[1]);
    expect(stored).to.not.include(csrfToken);
  });

  it('reads with the session cookie, changes state only with the CSRF token too', async () => {
    const { cookie, csrfToken } = await login();
    expect((await raw(server, 'GET', '/api/tasks', { cookie })).status).to.equal(200);
    const body = JSON.stringify({ kind: 'incremental' });
    const before = await snapshot(platform);
    const withoutCsrf = await raw(server, 'POST', `/api/dossiers/${DOSSIER}/sync`, json(undefined, { cookie }), body);
    const wrongCsrf = await raw(server, 'POST', `/api/dossiers/${DOSSIER}/sync`, json(undefined, { cookie, 'x-csrf-token': 'forged' }), body);
    expect([withoutCsrf.status, wrongCsrf.status]).to.deep.equal([403, 403]);
    expect(await snapshot(platform)).to.equal(before);
    const done = await raw(server, 'POST', `/api/dossiers/${DOSSIER}/sync`, json(undefined, { cookie, 'x-csrf-token': csrfToken }), body);
    expect(done.status, done.text).to.equal(201);
    await platform.tasks.cancel((done.json.task as { id: number }).id);
  });

  it('logs out: the cookie stops working', async () => {
    const { cookie, csrfToken } = await login();
    expect((await raw(server, 'DELETE', '/api/session', { cookie, 'x-csrf-token': csrfToken })).status).to.equal(200);
    expect((await raw(server, 'GET', '/api/tasks', { cookie })).status).to.equal(401);
  });

  it('takes a per-user API token (no CSRF token needed: browsers never send it on their own) until it is revoked', async () => {
    expect((await raw(server, 'GET', '/api/tasks', json(token))).status).to.equal(200);
    expect((await raw(server, 'GET', '/api/tasks', json(`${token}x`))).status).to.equal(401);
    expect((await raw(server, 'GET', '/api/tasks', json(token.replace('lsa:anna:', 'lsa:bob:')))).status, 'the token is the user’s own').to.equal(401);
    const second = await platform.accountants.issueToken('anna');
    await platform.accountants.revokeTokens('anna');
    for (const revoked of [token, second]) expect((await raw(server, 'GET', '/api/tasks', json(revoked))).status).to.equal(401);
  });

  it('serves the monitoring page to a logged-in accountant and sends others to the login page', async () => {
    const { cookie } = await login();
    const page = await raw(server, 'GET', '/monitoring', { cookie });
    expect(page.status).to.equal(200);
    expect(page.headers['content-type']).to.match(/^text\/html/);
    expect(page.headers['x-frame-options']).to.equal('DENY');
    const anonymous = await raw(server, 'GET', '/monitoring');
    expect([anonymous.status, anonymous.headers.location]).to.deep.equal([302, '/login']);
    const loginPage = await raw(server, 'GET', '/login');
    expect(loginPage.text).to.include("'content-type': 'application/json'");
  });
});
