import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExtractionAdapter } from '@ledgersync/sdk';
import { generateSigningKeyPair } from '../../src/certificates';
import { ChainedSecretStore, createPluginHost, EnvSecretStore, FileSecretStore, PluginHost, PluginHostOptions } from '../../src/host';
import { fixture, RecordingLogger } from './helpers';

/** What an attack got: its result, or the code of the error that stopped it. */
async function outcome(attempt: Promise<string>): Promise<{ value?: string; code?: string; message?: string }> {
  try {
    return { value: await attempt };
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Each attack of issue 17 by a plugin (fixture `intruder`) against the host that runs it. Every one
 * of them succeeded when plugins ran in worker threads of the host's process.
 */
describe('plugin host: a plugin stays in its own process, folder and limits', function () {
  this.timeout(60_000);
  const OTHER_SECRET = 'tok-of-the-other-plugin-271828';
  const ENV_SECRET = 'env-secret-of-the-host-161803';
  const DATABASE_PASSWORD = 'mariadb-password-141421';
  let work: string;
  let hosts: PluginHost[] = [];

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'ls-contained-'));
    process.env.LEDGERSYNC_SECRET_OTHER_TOKEN = ENV_SECRET;
    process.env.LEDGERSYNC_MYSQL_URL = `mysql://root:${DATABASE_PASSWORD}@127.0.0.1:3306/ledgers`;
  });
  after(() => {
    delete process.env.LEDGERSYNC_SECRET_OTHER_TOKEN;
    delete process.env.LEDGERSYNC_MYSQL_URL;
    rmSync(work, { recursive: true, force: true });
  });
  afterEach(async () => {
    await Promise.all(hosts.map((host) => host.close()));
    hosts = [];
  });

  async function intruder(configuration: Record<string, unknown> = {}, options: Partial<PluginHostOptions> = {}): Promise<{ host: PluginHost; adapter: ExtractionAdapter }> {
    const secrets = mkdtempSync(join(work, 'secrets-'));
    writeFileSync(join(secrets, 'other-token'), OTHER_SECRET);
    const host = await createPluginHost({
      pluginFolders: [fixture('intruder'), fixture('other')],
      logger: new RecordingLogger(),
      secrets: new ChainedSecretStore([new EnvSecretStore(), new FileSecretStore(secrets)]),
      limits: { memoryMb: 64 },
      ...options,
    });
    hosts.push(host);
    // the other plugin runs with its secret, as a connector's other connection would
    await host.adapter('other', { token: 'secret://other-token' });
    return { host, adapter: await host.adapter('intruder', { target: join(secrets, 'other-token'), ...configuration }) };
  }

  it("cannot read another plugin's secret", async () => {
    const { adapter } = await intruder();
    const got = await outcome(adapter.probe!('read-file'));
    expect(got.value).to.equal(undefined);
    expect(got.code).to.equal('ERR_ACCESS_DENIED');
  });

  it('cannot read the signing key', async () => {
    const key = join(work, 'signing-key.pem');
    writeFileSync(key, generateSigningKeyPair().privateKeyPem);
    const got = await outcome((await intruder({ target: key })).adapter.probe!('read-file'));
    expect(got.value).to.equal(undefined);
    expect(got.code).to.equal('ERR_ACCESS_DENIED');
  });

  it("sees none of the host's environment, not even through /proc/self/environ", async () => {
    const { adapter } = await intruder({ target: '/proc/self/environ' });
    const environment = JSON.parse((await adapter.probe!('environment')) as string) as Record<string, string>;
    expect(Object.keys(environment)).to.deep.equal(['TMPDIR']); // its scratch folder, set over IPC
    const environ = await outcome(adapter.probe!('read-file'));
    expect(environ.value ?? '').to.not.contain(ENV_SECRET).and.not.contain(DATABASE_PASSWORD);
    expect(environ.code).to.equal('ERR_ACCESS_DENIED');
  });

  it('cannot read or write a file outside its folder, and runs on', async () => {
    const outside = join(work, 'outside.txt');
    writeFileSync(outside, 'the accounting package export');
    const { adapter } = await intruder({ target: outside });
    expect((await outcome(adapter.probe!('read-file'))).code).to.equal('ERR_ACCESS_DENIED');
    expect((await outcome(adapter.probe!('write-file'))).code).to.equal('ERR_ACCESS_DENIED');
    expect(await outcome(adapter.probe!('link-out'))).to.include({ code: 'ERR_ACCESS_DENIED' }); // a symlink from its scratch folder
    expect(await adapter.probe!('pid')).to.match(/^\d+$/); // and it still runs
  });

  it('killing its own process is a crash counted against it; the host lives on and restarts it', async () => {
    const { host, adapter } = await intruder();
    const got = await outcome(adapter.probe!('kill-self'));
    expect(got.code).to.equal('PLUGIN_CRASHED');
    expect(got.message).to.equal('PLUGIN_CRASHED: intruder crashed during probe: killed (signal SIGKILL)');
    expect(host.list().find((plugin) => plugin.id === 'intruder')).to.include({ crashes: 1 });
    expect((await adapter.probe!('pid')) as string).to.match(/^\d+$/); // started again on next use
  });

  it('forged messages on its IPC channel end at most the plugin, never the host', async () => {
    const logger = new RecordingLogger();
    const { host, adapter } = await intruder({ token: 'secret://other-token' }, { logger });
    expect(await adapter.probe!('forge-level')).to.equal('sent'); // a level that is no logger method: logged as info
    expect(logger.lines).to.deep.include({ level: 'info', message: 'forged level', fields: { plugin: 'intruder' } });
    const got = await outcome(adapter.probe!('forge-cyclic'));
    expect(got.message).to.match(/^PLUGIN_CRASHED: intruder crashed during probe: protocol violation \(a message the host cannot take: /);
    expect(host.list().find((plugin) => plugin.id === 'intruder')).to.include({ crashes: 1 });
  });

  it('starts no child process that could outlive the host', async () => {
    const { host, adapter } = await intruder();
    const got = await outcome(adapter.probe!('spawn'));
    await host.close();
    if (got.value) {
      const survived = alive(Number(got.value));
      if (survived) process.kill(Number(got.value), 'SIGKILL');
      expect(survived, 'the plugin\'s child outlived the host').to.equal(false);
    }
    expect(got.code).to.equal('ERR_ACCESS_DENIED');
  });

  it('is killed when its resident memory grows outside the heap (Buffers), as a crash', async () => {
    const { host, adapter } = await intruder({ megabytes: 400 }, { limits: { memoryMb: 64, rssMb: 200, watchdogIntervalMs: 50 } });
    const got = await outcome(adapter.probe!('buffers'));
    expect(got.value).to.equal(undefined);
    expect(got.message).to.match(/^PLUGIN_CRASHED: intruder crashed during probe: out of memory \(resident memory \d+ MB over the limit of 200 MB\)$/);
    expect(host.list().find((plugin) => plugin.id === 'intruder')).to.include({ crashes: 1 });
  });

  it('is killed when it fills its scratch folder beyond the limit', async () => {
    const { adapter } = await intruder({ megabytes: 64 }, { limits: { scratchMb: 16, watchdogIntervalMs: 50 } });
    const got = await outcome(adapter.probe!('fill-scratch'));
    expect(got.message).to.match(/^PLUGIN_CRASHED: intruder crashed during probe: disk quota \(scratch folder \d+ MB over the limit of 16 MB\)$/);
  });

  // Not containment: the gap docs/security-plugins.md#network states. Node 20's permission model
  // does not govern sockets; this pins it, so a Node that starts refusing them is noticed.
  it('can still open a TCP connection (Node 20 does not restrict the network: the operator must)', async () => {
    const server = createServer((socket) => socket.end('hello from the office network\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { adapter } = await intruder({ port: (server.address() as AddressInfo).port });
      expect(await outcome(adapter.probe!('connect'))).to.deep.equal({ value: 'hello from the office network' });
    } finally {
      server.close();
    }
  });

  it("gets the operator's limits, not the higher ones its manifest asks for", async () => {
    const { adapter } = await intruder();
    const heapLimitMb = Number(await adapter.probe!('heap-limit')) / (1024 * 1024);
    expect(heapLimitMb).to.be.below(200); // operator: 64 MB old space; manifest: 4096 MB
  });

  it('leaves no plugin process behind when the host closes', async () => {
    const { host, adapter } = await intruder();
    const pid = Number(await adapter.probe!('pid'));
    expect(pid).to.not.equal(process.pid);
    await host.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(alive(pid)).to.equal(false);
  });

  it('its process ends when the host process is killed', async () => {
    const host = spawn(process.execPath, [join(__dirname, 'support', 'host-process.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((resolve, reject) => {
      host.stdout.once('data', (data: Buffer) => resolve(Number(String(data).trim())));
      host.once('exit', () => reject(new Error('the host exited before its plugin started')));
    });
    expect(alive(pid)).to.equal(true);
    host.kill('SIGKILL');
    const deadline = Date.now() + 5000;
    while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive(pid), 'the plugin process outlived its host').to.equal(false);
  });
});
