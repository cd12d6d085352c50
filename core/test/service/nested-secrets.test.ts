import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { readServiceConfig } from '../../src/service/config';

/**
 * `{env}`/`{file}` references anywhere inside a connection's configuration (an auth block, a list),
 * not only in its top-level fields: resolved, remembered for the logger's scrubbing, and a missing
 * one named by the configuration file and the field's full path, never by the secret's value.
 */
describe('connector configuration: secret references in nested values', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ls-nested-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, value: unknown) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
    return join(dir, name);
  };
  const configWith = (configuration: Record<string, unknown>) => ({
    connectorId: 'office-1',
    platform: { url: 'http://127.0.0.1:1', credential: { env: 'LS_TEST_CREDENTIAL' } },
    connections: [{ name: 'books', adapter: 'generic-sql', configuration }],
  });
  const env = { LS_TEST_CREDENTIAL: 'lsc:office-1:cred', LS_TEST_PASSWORD: 'pa55-from-env' };

  it('resolves references in nested objects and arrays, and keeps other values as they are', () => {
    write('api-key', 'key-from-file\n');
    const file = write('nested.json', configWith({ url: 'mysql://books@db/ledger', auth: { user: 'books', password: { env: 'LS_TEST_PASSWORD' } }, mirrors: [{ token: { file: 'api-key' } }, 'plain'] }));
    const config = readServiceConfig(file, env);
    expect(config.connections[0].configuration).to.deep.equal({ url: 'mysql://books@db/ledger', auth: { user: 'books', password: 'pa55-from-env' }, mirrors: [{ token: 'key-from-file' }, 'plain'] });
    expect(config.secretValues).to.include.members(['pa55-from-env', 'key-from-file']);
    // the plugin gets these as plain values: the host must scrub them from whatever the plugin says
    expect(config.host.scrub).to.include.members(['pa55-from-env', 'key-from-file']);
  });

  it('a missing variable deep down names the file and the full field path, not a value', () => {
    const file = write('missing-env.json', configWith({ auth: { password: { env: 'LS_TEST_UNSET' } } }));
    expect(() => readServiceConfig(file, env)).to.throw(/missing-env\.json: field connections\[0\]\.configuration\.auth\.password: environment variable LS_TEST_UNSET is not set/);
  });

  it('a missing file inside a list names the file and the field path with its index, and no secret', () => {
    const file = write('missing-file.json', configWith({ mirrors: ['plain', { token: { file: 'no-such-token' } }], auth: { password: { env: 'LS_TEST_PASSWORD' } } }));
    let message = '';
    try {
      readServiceConfig(file, env);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).to.match(/missing-file\.json: field connections\[0\]\.configuration\.mirrors\[1\]\.token: cannot read secret file .*no-such-token \(ENOENT\)/);
    expect(message).not.to.include('pa55-from-env');
    expect(message).not.to.include('lsc:office-1:cred');
  });
});
