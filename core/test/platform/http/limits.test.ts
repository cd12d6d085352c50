import { request as httpRequest } from 'node:http';
import { expect } from 'chai';
import { Platform, PlatformServer } from '../../../src/platform';
import { eachDatabase } from '../support/databases';
import { json, platformWithParties, raw } from './support';

describe('platform HTTP: limits', function () {
  this.timeout(30_000);
  const [database] = eachDatabase('limits');
  let platform: Platform;
  let server: PlatformServer;
  let office: string;

  before(async () => {
    ({ platform, server, office } = await platformWithParties(database, { bodyLimit: 1024 * 1024, maxConcurrentBodies: 2, maxQueuedBodies: 0 }));
  });
  after(async () => {
    await server?.close();
    await platform?.close();
    await database.drop();
  });

  it('refuses a body over the limit with 413, before reading it', async () => {
    const big = JSON.stringify({ changesetId: 'big', dossierId: 'D', sequence: 1, operations: [], padding: 'x'.repeat(2 * 1024 * 1024) });
    const answer = await raw(server, 'POST', '/api/changesets/pages?task=1', json(office), big);
    expect(answer.status).to.equal(413);
    expect(answer.json.error?.code).to.equal('PLATFORM_BODY_TOO_LARGE');
  });

  it('answers 503 with Retry-After when its requests with a body are all taken, and serves again after', async () => {
    const url = new URL(server.url);
    // two uploads that announce a body and send it slowly hold both places
    const held = [0, 1].map(() => {
      const call = httpRequest({ host: url.hostname, port: url.port, method: 'POST', path: '/api/connectors/register', headers: { host: url.host, 'content-type': 'application/json', 'content-length': '100000', authorization: `Bearer ${office}` } });
      call.on('error', () => undefined);
      call.write('{');
      return call;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const third = await raw(server, 'POST', '/api/connectors/office/claim', json(office), '{}');
    expect(third.status).to.equal(503);
    expect(third.headers['retry-after']).to.equal('1');
    expect(third.json.error?.code).to.equal('PLATFORM_BUSY');
    expect((await raw(server, 'GET', '/login')).status, 'reads are not held up').to.equal(200);
    held.forEach((call) => call.destroy());
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await raw(server, 'POST', '/api/connectors/office/claim', json(office), '{}')).status).to.equal(200);
  });
});
