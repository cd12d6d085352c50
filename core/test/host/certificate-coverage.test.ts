import { expect } from 'chai';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKeyPair, signCertificate } from '../../src/certificates';
import { createPluginHost, PluginHost } from '../../src/host';
import { failure, fixture, RecordingLogger } from './helpers';

const payload = { suiteVersion: '1.0.0', ledgers: ['bakery-basic'], checks: { passed: ['basic-read'], skipped: [] }, date: '2026-12-04T09:00:00Z' };

/** Certified-only mode covers what runs: the plugin's node_modules, the files at every (re)start, no symlinks. */
describe('plugin host: certificates cover every file that loads', function () {
  this.timeout(30_000);
  const build = generateSigningKeyPair();
  let folder: string;
  let hosts: PluginHost[] = [];

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'ls-coverage-'));
    for (const name of ['node_modules', 'with-dependency', 'other']) cpSync(fixture(name), join(folder, name), { recursive: true });
    await signCertificate(join(folder, 'with-dependency'), { ...payload, pluginId: 'with-dependency', version: '1.2.3' }, build.privateKeyPem);
    await signCertificate(join(folder, 'other'), { ...payload, pluginId: 'other', version: '1.2.3' }, build.privateKeyPem);
  });
  afterEach(async () => {
    await Promise.all(hosts.map((host) => host.close()));
    hosts = [];
    rmSync(folder, { recursive: true, force: true });
  });

  async function certifiedHost(): Promise<PluginHost> {
    const host = await createPluginHost({ pluginFolders: [folder], certifiedOnly: true, trustedKeys: [build.publicKeyPem], logger: new RecordingLogger() });
    hosts.push(host);
    return host;
  }
  const info = (host: PluginHost, id: string) => host.list().find((plugin) => plugin.id === id)!;

  it('runs the certified plugin and its dependency', async () => {
    const host = await certifiedHost();
    expect(info(host, 'with-dependency').certificate.status).to.equal('valid');
    expect(await (await host.adapter('with-dependency', {})).probe!('answer')).to.equal('as certified');
  });

  it('refuses a plugin whose dependency in node_modules was tampered with, naming the file', async () => {
    writeFileSync(join(folder, 'with-dependency', 'node_modules', 'tiny-dep', 'index.js'), "exports.answer = () => 'tampered';\n");
    const host = await certifiedHost();
    expect(info(host, 'with-dependency')).to.include({ status: 'refused', reason: 'PLUGIN_NOT_CERTIFIED: with-dependency: certificate modified: node_modules/tiny-dep/index.js differs' });
    expect((await failure(host.adapter('with-dependency', {}))).code).to.equal('PLUGIN_NOT_CERTIFIED');
  });

  it('refuses code swapped after start when the plugin starts again', async () => {
    const host = await certifiedHost();
    const adapter = await host.adapter('with-dependency', {});
    expect(await adapter.probe!('answer')).to.equal('as certified');
    writeFileSync(join(folder, 'with-dependency', 'node_modules', 'tiny-dep', 'index.js'), "exports.answer = () => 'swapped';\n");
    expect((await failure(adapter.probe!('exit'))).code).to.equal('PLUGIN_CRASHED');
    const restarted = await failure(adapter.probe!('answer'));
    expect(restarted.code).to.equal('PLUGIN_NOT_CERTIFIED');
    expect(restarted.message).to.equal('PLUGIN_NOT_CERTIFIED: with-dependency: certificate modified: node_modules/tiny-dep/index.js differs');
    expect(info(host, 'with-dependency').status).to.equal('refused');
  });

  it('refuses a plugin holding a symlinked folder, naming it, and loads the others', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'ls-elsewhere-'));
    try {
      mkdirSync(join(elsewhere, 'lib'));
      symlinkSync(join(elsewhere, 'lib'), join(folder, 'with-dependency', 'lib'), 'dir');
      const host = await certifiedHost();
      const refused = info(host, 'with-dependency');
      expect(refused.status).to.equal('refused');
      expect(refused.certificate).to.deep.equal({ status: 'invalid', detail: 'lib is a symlink (refused: a certified plugin holds its files)' });
      expect(info(host, 'other').status).to.equal('loaded');
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
