import { expect } from 'chai';
import { createErpnextAdapter, ErpnextFixtureDriver } from '../src';
import { bakery } from './fixtures';

describe('erpnext adapter: site configuration', function () {
  this.timeout(30000);
  const driver = new ErpnextFixtureDriver();
  let config: Record<string, unknown>;
  before(async () => {
    config = await driver.setUp(bakery());
  });
  after(() => driver.tearDown());

  const failure = (configuration: Record<string, unknown>) => createErpnextAdapter(configuration).then((a) => a.close().then(() => undefined), (e: unknown) => e as { code: string; field?: string; message: string });

  it('names the password field when the server refuses the credentials, without the password', async () => {
    const secret = 'Wr0ng-s3cret-pa55';
    const error = await failure({ ...config, password: secret });
    expect(error).to.include({ code: 'ADAPTER_CONNECTION_FAILED', field: 'password' });
    expect(error!.message).to.not.include(secret);
    expect(JSON.stringify(error)).to.not.include(secret);
  });

  it('names the database field for a site database that does not exist, and host for a server it cannot reach', async () => {
    expect(await failure({ ...config, database: 'ls_erpnext_missing' })).to.include({ code: 'ADAPTER_CONNECTION_FAILED', field: 'database' });
    expect(await failure({ ...config, host: '127.0.0.1', port: 1 })).to.include({ code: 'ADAPTER_CONNECTION_FAILED', field: 'host' });
  });

  it('rejects a malformed configuration before connecting', async () => {
    expect(await failure({ ...config, port: 'x' })).to.include({ code: 'ADAPTER_CONFIGURATION_INVALID', field: 'port' });
    expect(await failure({ ...config, database: undefined })).to.include({ code: 'ADAPTER_CONFIGURATION_INVALID', field: 'database' });
    expect(await failure({ ...config, counterpartyIds: 'odd' })).to.include({ code: 'ADAPTER_CONFIGURATION_INVALID', field: 'counterpartyIds' });
  });
});
