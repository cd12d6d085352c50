import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { generateRecordedLedger, replay } from '@ledgersync/sdk';
import { SqlFixtureDriver } from '@ledgersync/example-minimal-sql-adapter';
import { readServiceConfig } from '../../src/service/config';
import { serviceLogger } from '../../src/service/logger';
import { freePort, ledgersync, Service } from './support/processes';

const MINIMAL_SQL_PLUGIN = resolve(__dirname, '../../../../examples/minimal-sql-adapter');

describe('connector service: configuration, logs, credentials through platform serve', function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'ls-service-'));
  const services: Service[] = [];
  after(() => {
    for (const service of services) service.signal('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  const write = (name: string, value: unknown, folder = dir) => {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, name), typeof value === 'string' ? value : JSON.stringify(value));
    return join(folder, name);
  };
  // the configuration cases in a folder of their own: no secret file of the other tests is found there
  const cases = join(dir, 'cases');
  const good = {
    connectorId: 'office-1',
    platform: { url: 'http://127.0.0.1:1', credential: { env: 'LS_TEST_CREDENTIAL' } },
    connections: [{ name: 'books', adapter: 'generic-sql', configuration: { url: { file: 'source-url' } } }],
  };

  describe('configuration errors name the file and the field', () => {
    const examples: [string, unknown, RegExp][] = [
      ['not JSON', '{ "connectorId": ', /bad-1\.json: field \(root\): is not valid JSON/],
      ['a field of the wrong type', { ...good, pollIntervalMs: 'often' }, /bad-2\.json: field \/?pollIntervalMs: .*integer/],
      ['a missing platform', { connectorId: 'x', connections: good.connections }, /bad-3\.json: field .*platform/],
      ['a credential given as a value', { ...good, platform: { url: 'http://127.0.0.1:1', credential: 'lsc:office-1:abc' } }, /bad-4\.json: field platform\.credential: must be object/],
      ['an unknown field', { ...good, pollIntervall: 5 }, /bad-5\.json: field .*pollIntervall/],
      ['an unset environment variable', good, /bad-6\.json: field platform\.credential: environment variable LS_TEST_CREDENTIAL is not set/],
      ['a missing secret file', good, /bad-7\.json: field connections\[0\]\.configuration\.url: cannot read secret file .*source-url \(ENOENT\)/],
    ];
    examples.forEach(([what, content, message], index) => {
      it(what, () => {
        const file = write(`bad-${index + 1}.json`, content, cases);
        const env = index === 6 ? { LS_TEST_CREDENTIAL: 'lsc:office-1:the-secret' } : {};
        let thrown: unknown;
        try {
          readServiceConfig(file, env);
        } catch (error) {
          thrown = error;
        }
        expect((thrown as Error)?.message, String((thrown as Error)?.message)).to.match(message);
      });
    });

    it('connector run exits 2 with the error on stderr, and never prints a secret it resolved', async () => {
      write('source-url', 'sqlite:/nowhere/secret-source.db\n', cases);
      write('credential', 'lsc:office-1:c2VjcmV0LWNyZWRlbnRpYWw\n', cases);
      const file = write('bad-8.json', { ...good, platform: { ...good.platform, credential: { file: 'credential' } }, state: { database: 'postgres://x' } }, cases);
      const run = await ledgersync(['connector', 'run', '--config', file]);
      expect(run.code).to.equal(2);
      expect(run.stderr).not.to.include('c2VjcmV0LWNyZWRlbnRpYWw');
      expect(run.stderr).to.match(/bad-8\.json: field state\.database: DATABASE_CONFIG_INVALID: unsupported database URL scheme "postgres"/);
    });
  });

  it('SIGTERM while the platform is still unreachable at start stops the service cleanly (exit 0, status stopped)', async () => {
    const folder = join(dir, 'unreachable');
    write('credential', 'lsc:office-1:dW5yZWFjaGFibGUtc2VjcmV0\n', folder);
    const port = await freePort();
    const config = write('connector.json', { connectorId: 'office-1', platform: { url: `http://127.0.0.1:${port}`, credential: { file: 'credential' } }, plugins: { folders: [MINIMAL_SQL_PLUGIN], stateFile: 'plugins.json' }, connections: [{ name: 'books', adapter: 'generic-sql', configuration: { url: { env: 'LS_TEST_NO_SOURCE' } } }], pollIntervalMs: 200 }, folder);
    const connector = new Service(['connector', 'run', '--config', config], { LS_TEST_NO_SOURCE: 'mysql://root:@127.0.0.1:3306/ls_serve_no_such_database' });
    services.push(connector);
    await connector.waitFor((line) => String(line.msg).startsWith('registration failed, retrying'));
    connector.signal('SIGTERM');
    expect(await connector.exited, connector.output).to.equal(0);
    expect((await ledgersync(['connector', 'status', '--config', config])).stdout).to.match(/: stopped since/);
    expect(connector.output).not.to.include('dW5yZWFjaGFibGUtc2VjcmV0');
  });

  it('the log scrubs every resolved secret, whatever field or message carries it', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => { lines.push(chunk.toString()); done(); } });
    const secret = 'lsc:office-1:Zm9vYmFyYmF6cXV4';
    const log = serviceLogger('info', () => [secret], sink);
    log.error({ detail: `bad token ${secret}`, credential: 'anything' }, `refused: Bearer ${secret}`);
    log.info({ nested: { url: `mysql://u:${secret}@h/db` } }, 'connecting');
    const text = lines.join('');
    expect(text).not.to.include(secret);
    expect(text).to.include('[REDACTED]');
    expect(JSON.parse(lines[0])).to.include({ level: 50, msg: 'refused: Bearer [REDACTED]', credential: '[REDACTED]' });
  });

  it('platform connectors add/list/revoke end to end through platform serve; connector run, SIGHUP reload, and a revoked credential refused', async () => {
    const ledger = generateRecordedLedger({ seed: 3, entries: 40, steps: 1 });
    const fixture = new SqlFixtureDriver('mysql');
    const { url: sourceUrl } = await fixture.setUp(ledger);
    await fixture.materialise([...replay(ledger)][0]);
    try {
      const database = `sqlite:${join(dir, 'platform.db')}`;
      const port = await freePort();
      const platform = new Service(['platform', 'serve', '--database', database, '--port', String(port)]);
      services.push(platform);
      await platform.waitFor((line) => line.msg === 'listening');
      const cli = (...args: string[]) => ledgersync(['platform', ...args, '--database', database]);
      const credential = (await cli('connectors', 'add', 'office-9')).stdout.trim();
      await cli('connectors', 'assign', 'office-9', ledger.dossier.id);
      const listed = JSON.parse((await cli('connectors', 'list', '--json')).stdout) as { connectorId: string; revokedAt: string | null; dossiers: string[] }[];
      expect(listed).to.deep.include.members([{ ...listed.find((c) => c.connectorId === 'office-9')!, connectorId: 'office-9', revokedAt: null, dossiers: [ledger.dossier.id] }]);

      writeFileSync(join(dir, 'source-url'), sourceUrl);
      const config = write('connector.json', {
        connectorId: 'office-9',
        platform: { url: `http://127.0.0.1:${port}`, credential: { env: 'LS_TEST_CREDENTIAL' } },
        plugins: { folders: [MINIMAL_SQL_PLUGIN], stateFile: 'plugins.json' },
        connections: [{ name: 'books', adapter: 'generic-sql', configuration: { url: { file: 'source-url' } } }],
        pollIntervalMs: 200,
      });
      const connector = new Service(['connector', 'run', '--config', config], { LS_TEST_CREDENTIAL: credential });
      services.push(connector);
      await connector.waitFor((line) => line.msg === 'registered');
      expect((await ledgersync(['connector', 'status', '--config', config])).stdout).to.match(new RegExp(`connector office-9 \\(pid ${connector.pid}\\): idle[^]*dossiers  ${ledger.dossier.id}`));

      // SIGHUP: a broken file is refused and the running configuration kept; a good one is taken
      const original = JSON.parse(JSON.stringify({ ...readServiceConfigFile(config) }));
      writeFileSync(config, '{ broken');
      connector.signal('SIGHUP');
      await connector.waitFor((line) => String(line.msg).startsWith('configuration not reloaded') && String(line.msg).includes('connector.json: field (root)'));
      writeFileSync(config, JSON.stringify({ ...original, pollIntervalMs: 300 }));
      connector.signal('SIGHUP');
      await connector.waitFor((line) => line.msg === 'started' && line.pollIntervalMs === 300);

      // revoked: the platform refuses the credential, and a connector started with it stops and says why
      expect((await cli('connectors', 'revoke', 'office-9')).stdout).to.match(/revoked the credential of connector office-9/);
      const refused = await fetch(`http://127.0.0.1:${port}/api/connectors/office-9/claim`, { method: 'POST', headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' }, body: '{}' });
      expect(refused.status).to.equal(401);
      const revokedList = JSON.parse((await cli('connectors', 'list', '--json')).stdout) as { connectorId: string; revokedAt: string | null }[];
      expect(revokedList.find((c) => c.connectorId === 'office-9')!.revokedAt).to.be.a('string');
      connector.signal('SIGTERM');
      expect(await connector.exited).to.equal(0);
      const again = new Service(['connector', 'run', '--config', config], { LS_TEST_CREDENTIAL: credential });
      services.push(again);
      expect(await again.exited).to.equal(1);
      const fatal = again.lines.find((line) => line.level === 60);
      expect(fatal, again.output).to.have.property('code').that.matches(/^PLATFORM_UNAUTHORIZED$/);

      for (const service of [platform, connector, again]) {
        expect(service.output).not.to.include(credential.split(':')[2]);
        expect(service.output).not.to.include(sourceUrl);
      }
      platform.signal('SIGTERM');
      expect(await platform.exited).to.equal(0);
    } finally {
      await fixture.tearDown();
    }
  });
});

function readServiceConfigFile(file: string): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return JSON.parse(require('node:fs').readFileSync(file, 'utf8')) as Record<string, unknown>;
}
