import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { Platform, PlatformServer, startPlatformServer } from '../../../src/platform';
import { eachDatabase } from '../support/databases';
import { json, platformWithParties, raw } from './support';

const WINDOW_MS = 1500;
const LIMITS = { loginFailuresPerUser: 3, loginFailuresPerAddress: 5, tokenFailuresPerAddress: 3, windowMs: WINDOW_MS };

for (const database of eachDatabase('auth-limits')) describe(`platform HTTP: failed authentications limited (${database.label})`, function () {
  this.timeout(30_000);
  let platform: Platform;
  let token: string;
  /** A server of its own per test: the counters live in the server process's memory, per app. */
  let server: PlatformServer;

  before(async () => {
    const parties = await platformWithParties(database);
    ({ platform, token } = parties);
    await parties.server.close();
  });
  beforeEach(async () => {
    server = await startPlatformServer(platform, { authFailureLimits: LIMITS });
  });
  afterEach(async () => server?.close());
  after(async () => {
    await platform?.close();
    await database.drop();
  });

  const login = (userId: string, password: string) => raw(server, 'POST', '/api/session', json(), JSON.stringify({ userId, password }));
  const RIGHT = 'correct horse battery';

  it('answers the N+1th wrong password with 429, and refuses the right one too until the window has passed', async () => {
    for (let i = 0; i < LIMITS.loginFailuresPerUser; i++) expect((await login('anna', `guess ${i}`)).status).to.equal(401);
    const refused = await login('anna', 'guess again');
    expect(refused.status).to.equal(429);
    expect(refused.json.error?.code).to.equal('PLATFORM_TOO_MANY_FAILURES');
    expect(Number(refused.headers['retry-after'])).to.be.within(1, 2);
    // A user name differing only in case is the same account (MariaDB compares without case).
    expect((await login('ANNA', RIGHT)).status, 'the right password while the count is used up').to.equal(429);
    await sleep(WINDOW_MS + 200);
    expect((await login('anna', RIGHT)).status, 'after the window').to.equal(200);
  });

  it('limits one address trying many user names, and does not count successful logins', async () => {
    for (let i = 0; i < 10; i++) expect((await login('anna', RIGHT)).status).to.equal(200);
    for (let i = 0; i < LIMITS.loginFailuresPerAddress; i++) expect((await login(`user${i}`, 'guess')).status).to.equal(401);
    expect((await login('user-next', 'guess')).status).to.equal(429);
    expect((await login('anna', RIGHT)).status, 'anna from the same address').to.equal(429);
  });

  it('answers refused API tokens with 429 past the limit, the valid token included, until the window has passed', async () => {
    const bad = `${token.slice(0, -4)}AAAA`;
    for (let i = 0; i < LIMITS.tokenFailuresPerAddress; i++) expect((await raw(server, 'GET', '/api/tasks', json(bad))).status).to.equal(401);
    expect((await raw(server, 'GET', '/api/tasks', json(bad))).status).to.equal(429);
    expect((await raw(server, 'GET', '/api/tasks', json(token))).status).to.equal(429);
    await sleep(WINDOW_MS + 200);
    expect((await raw(server, 'GET', '/api/tasks', json(token))).status).to.equal(200);
  });

  it('keeps its default limits when none are given: six wrong passwords for one user, the sixth refused', async () => {
    await server.close();
    server = await startPlatformServer(platform);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await login('anna', `guess ${i}`)).status);
    expect(answers).to.deep.equal([401, 401, 401, 401, 401, 429]);
  });
});
