import { expect } from 'chai';
import nock from 'nock';
import { AdapterConnectionError, ExtractionAdapter, RateLimitedError } from '@ledgersync/sdk';
import { createExactOnlineAdapter, encodeQuery, MemoryRefreshTokenStore, SELECT } from '../src';
import { TokenState } from '../src/http/oauth';
import { removeScopes } from '../src/fixture';
import { CapturingLogger, collect, FakeClock, services } from './support';

const HOST = 'https://eo-http-test.exactonline.test';
const JOURNALS = `/api/v1/7/financial/Journals?${encodeQuery({ $select: SELECT.journals })}`;
const SECRETS = { clientSecret: 'SECRET-client-4711', refreshToken: 'SECRET-refresh-1' };
const START = Date.parse('2025-02-01T02:00:00Z');
const journal = { ID: 'j1', Code: 'VK', Description: 'Verkopen', Type: 20, Modified: '/Date(1738375200000)/' };

function quota(overrides: Record<string, number> = {}): Record<string, string> {
  const values = { limit: 5000, remaining: 4000, reset: START + 86_400_000, minutelyLimit: 60, minutelyRemaining: 50, minutelyReset: START + 60_000, ...overrides };
  return {
    'X-RateLimit-Limit': String(values.limit),
    'X-RateLimit-Remaining': String(values.remaining),
    'X-RateLimit-Reset': String(values.reset),
    'X-RateLimit-Minutely-Limit': String(values.minutelyLimit),
    'X-RateLimit-Minutely-Remaining': String(values.minutelyRemaining),
    'X-RateLimit-Minutely-Reset': String(values.minutelyReset),
  };
}

/** Interceptors of this file only: other suites' fixtures stay in place (no nock.cleanAll). */
const scopes: nock.Scope[] = [];
function scope(options?: nock.Options): nock.Scope {
  const made = nock(HOST, options);
  scopes.push(made);
  return made;
}

/** The token endpoint, answering one refresh of `refreshToken` with `access` and a rotated refresh token. */
function tokenGrant(refreshToken: string, access: string, rotated: string, expiresIn = 600): nock.Scope {
  return scope()
    .post('/api/oauth2/token', (body: Record<string, string>) => body.grant_type === 'refresh_token' && body.refresh_token === refreshToken && body.client_secret === SECRETS.clientSecret)
    .reply(200, { access_token: access, token_type: 'bearer', expires_in: String(expiresIn), refresh_token: rotated });
}

function journals(access: string, headers = quota()): nock.Scope {
  return scope({ reqheaders: { authorization: `Bearer ${access}` } }).get(JOURNALS).reply(200, { d: { results: [journal] } }, headers);
}

describe('exact-online: OAuth2, rate limits and secrets', () => {
  let clock: FakeClock;
  let logger: CapturingLogger;
  let store: MemoryRefreshTokenStore;
  let adapter: ExtractionAdapter;
  const errors: unknown[] = [];

  const readJournals = () => collect(adapter.read('7', 'journal'));
  const make = (extra: Record<string, unknown> = {}) =>
    createExactOnlineAdapter({ baseUrl: HOST, division: 7, clientId: 'app', ...SECRETS, ...extra }, services(clock, logger), { tokenStore: store, sleep: clock.sleep });

  beforeEach(() => {
    clock = new FakeClock(START);
    logger = new CapturingLogger();
    store = new MemoryRefreshTokenStore();
    adapter = make();
  });

  afterEach(() => {
    removeScopes(scopes.splice(0));
  });

  it('refreshes the access token before it expires and keeps the rotated refresh token', async () => {
    const first = tokenGrant(SECRETS.refreshToken, 'ACCESS-1', 'SECRET-refresh-2');
    journals('ACCESS-1');
    expect(await readJournals()).to.have.length(1);
    clock.advance(600_000);
    const second = tokenGrant('SECRET-refresh-2', 'ACCESS-2', 'SECRET-refresh-3');
    journals('ACCESS-2');
    expect((await readJournals())[0].record).to.deep.equal({ id: 'VK', name: 'Verkopen', type: 'sales' });
    expect(first.isDone() && second.isDone()).to.equal(true);
    expect(await store.load()).to.equal('SECRET-refresh-3');
  });

  it('does not refresh on a 401 within 9.5 minutes of the last refresh: Exact would refuse it (failed before: refreshed on every 401)', async () => {
    const grant = tokenGrant(SECRETS.refreshToken, 'ACCESS-1', 'SECRET-refresh-2');
    scope().get(JOURNALS).reply(401, { error: { message: { value: 'Unauthorized' } } });
    const second = tokenGrant('SECRET-refresh-2', 'ACCESS-2', 'SECRET-refresh-3');
    const error = await readJournals().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(AdapterConnectionError);
    expect((error as Error).message).to.include('9.5 minutes');
    expect(grant.isDone()).to.equal(true);
    expect(second.isDone(), 'no second token call').to.equal(false);
  });

  it('refreshes once on a 401 when the last refresh is 9.5 minutes old', async () => {
    tokenGrant(SECRETS.refreshToken, 'ACCESS-1', 'SECRET-refresh-2', 3600);
    journals('ACCESS-1');
    await readJournals();
    clock.advance(570_000);
    scope().get(JOURNALS).reply(401, { error: { message: { value: 'Unauthorized' } } });
    tokenGrant('SECRET-refresh-2', 'ACCESS-2', 'SECRET-refresh-3');
    journals('ACCESS-2');
    expect(await readJournals()).to.have.length(1);
    expect(scopes.every((made) => made.isDone())).to.equal(true);
    expect(logger.lines.some((line) => line.includes('refreshing'))).to.equal(true);
  });

  it('keeps the access token and refresh times across a restart when the store can hold them (failed before: a new process refreshed at once)', async () => {
    const kept: { state?: TokenState } = {};
    store = Object.assign(new MemoryRefreshTokenStore(), {
      loadTokenState: async () => kept.state,
      saveTokenState: async (state: TokenState) => void (kept.state = state),
    });
    adapter = make();
    const grant = tokenGrant(SECRETS.refreshToken, 'ACCESS-1', 'SECRET-refresh-2');
    journals('ACCESS-1');
    await readJournals();
    expect(grant.isDone()).to.equal(true);
    clock.advance(60_000);
    adapter = make();
    journals('ACCESS-1');
    expect(await readJournals(), 'the restarted adapter uses the kept token, no token call').to.have.length(1);
    expect(kept.state?.refreshes).to.have.length(1);
  });

  it('stops before the 201st token call of a day', async () => {
    const kept: { state?: TokenState } = { state: { refreshes: Array.from({ length: 200 }, (_, i) => START - 80_000_000 + i * 1000) } };
    store = Object.assign(new MemoryRefreshTokenStore(), { loadTokenState: async () => kept.state, saveTokenState: async () => undefined });
    adapter = make();
    const grant = tokenGrant(SECRETS.refreshToken, 'ACCESS-1', 'SECRET-refresh-2');
    const error = await readJournals().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(RateLimitedError);
    expect((error as Error).message).to.include('200 token calls a day');
    expect(grant.isDone()).to.equal(false);
  });

  it('never makes the tenth failing call to one endpoint within an hour: Exact would block the app (failed before: no error budget)', async () => {
    tokenGrant(SECRETS.refreshToken, 'ACCESS-1', 'SECRET-refresh-2', 36_000);
    const failing = scope().get(JOURNALS).times(20).reply(500, {}, quota());
    let calls = 0;
    failing.on('request', () => (calls += 1));
    for (let i = 0; i < 12; i++) await readJournals().catch(() => undefined);
    expect(calls).to.equal(9);
    const error = await readJournals().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(RateLimitedError);
    expect((error as Error).message).to.include('10 errors on one endpoint within an hour');
    clock.advance(3_600_000);
    await readJournals().catch(() => undefined);
    expect(calls, 'an hour later the endpoint is called again').to.equal(10);
  });

  it('waits for the minutely reset when the minutely quota is spent, without waiting for real', async () => {
    tokenGrant(SECRETS.refreshToken, 'ACCESS-1', 'SECRET-refresh-2');
    journals('ACCESS-1', quota({ minutelyRemaining: 0, minutelyReset: START + 30_000 }));
    journals('ACCESS-1');
    await readJournals();
    expect(clock.sleeps).to.deep.equal([]);
    await readJournals();
    expect(clock.sleeps).to.deep.equal([30_000]);
    expect(scopes.every((made) => made.isDone())).to.equal(true);
  });

  it('waits and retries after a 429 caused by the minutely quota', async () => {
    tokenGrant(SECRETS.refreshToken, 'ACCESS-1', 'SECRET-refresh-2');
    scope().get(JOURNALS).reply(429, {}, quota({ minutelyRemaining: 0, minutelyReset: START + 20_000 }));
    journals('ACCESS-1');
    expect(await readJournals()).to.have.length(1);
    expect(clock.sleeps).to.deep.equal([20_000]);
  });

  it('stops with RateLimitedError, without calling, when the daily quota (less the reserve) is spent', async () => {
    adapter = make({ dailyReserve: 100 });
    tokenGrant(SECRETS.refreshToken, 'ACCESS-1', 'SECRET-refresh-2');
    journals('ACCESS-1', quota({ remaining: 100, reset: START + 3 * 3_600_000 }));
    const unused = journals('ACCESS-1');
    await readJournals();
    const error = await readJournals().catch((e: unknown) => e);
    errors.push(error);
    expect(error).to.be.instanceOf(RateLimitedError);
    expect(error).to.have.property('code', 'ADAPTER_RATE_LIMITED');
    expect(error).to.have.property('retryAfterMs', 3 * 3_600_000);
    expect((error as Error).message).to.match(/daily quota/);
    expect(unused.isDone(), 'no call once the quota is spent').to.equal(false);
  });

  it('refuses a next-page link that leaves the configured site, before sending the token there', async () => {
    tokenGrant(SECRETS.refreshToken, 'ACCESS-1', 'SECRET-refresh-2');
    scope().get(JOURNALS).reply(200, { d: { results: [journal], __next: 'https://elsewhere.example/api/v1/7/financial/Journals?$skiptoken=1' } }, quota());
    const elsewhere = nock('https://elsewhere.example').get(/.*/).reply(200, { d: { results: [] } });
    scopes.push(elsewhere);
    const error = await readJournals().catch((e: unknown) => e);
    errors.push(error);
    expect(error).to.have.property('code', 'ADAPTER_SOURCE_ERROR');
    expect(elsewhere.isDone(), 'no request to the other site').to.equal(false);
  });

  it('names the refresh token, never its value, when the token endpoint refuses it', async () => {
    scope().post('/api/oauth2/token').reply(400, { error: 'invalid_grant', error_description: `refresh token ${SECRETS.refreshToken} is expired` });
    const error = await readJournals().catch((e: unknown) => e);
    errors.push(error);
    expect(error).to.have.property('code', 'ADAPTER_CONNECTION_FAILED');
    expect(error).to.have.property('field', 'refreshToken');
    expect((error as Error).message).to.include('invalid_grant');
  });

  it('refuses a configuration without a client secret, naming the field', () => {
    let error: unknown;
    try {
      createExactOnlineAdapter({ baseUrl: HOST, division: 7, clientId: 'app', refreshToken: SECRETS.refreshToken }, services(clock, logger));
    } catch (e) {
      error = e;
    }
    errors.push(error);
    expect(error).to.have.property('code', 'ADAPTER_CONFIGURATION_INVALID');
    expect(error).to.have.property('field', 'clientSecret');
  });

  it('never writes a secret or a token into an error or a log line', () => {
    expect(errors.length).to.be.greaterThan(2);
    const written = [...logger.lines, ...errors.flatMap((e) => [String(e), (e as Error).stack ?? '', JSON.stringify(e)])].join('\n');
    for (const secret of [...Object.values(SECRETS), 'SECRET-refresh-2', 'SECRET-refresh-3', 'ACCESS-1', 'ACCESS-2']) expect(written).to.not.include(secret);
  });
});
