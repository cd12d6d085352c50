import { expect } from 'chai';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKeyPair, signCertificate } from '../../src/certificates';
import { createPluginHost, PluginHostOptions, PluginInfo, PluginNotCertifiedError } from '../../src/host';
import { collect, failure, fixture, loadLog, RecordingLogger } from './helpers';

const payload = { suiteVersion: '1.0.0', ledgers: ['bakery-basic'], checks: { passed: ['basic-read'], skipped: [] }, date: '2026-11-28T22:00:00Z' };

describe('plugin host: certified-only mode', function () {
  this.timeout(20_000);
  const build = generateSigningKeyPair();
  const stranger = generateSigningKeyPair();
  let folder: string;

  beforeEach(async () => {
    loadLog();
    folder = mkdtempSync(join(tmpdir(), 'ls-certified-'));
    for (const name of ['node_modules', 'echo', 'other', 'thrower']) cpSync(fixture(name), join(folder, name), { recursive: true });
    await signCertificate(join(folder, 'echo'), { ...payload, pluginId: 'echo', version: '1.2.3' }, build.privateKeyPem);
    await signCertificate(join(folder, 'thrower'), { ...payload, pluginId: 'thrower', version: '1.2.3' }, stranger.privateKeyPem);
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  async function listed(options: Partial<PluginHostOptions>, logger = new RecordingLogger()): Promise<Record<string, PluginInfo>> {
    const host = await createPluginHost({ pluginFolders: [folder], trustedKeys: [build.publicKeyPem], logger, ...options });
    const byId = Object.fromEntries(host.list().map((plugin) => [plugin.id, plugin]));
    await host.close();
    return byId;
  }

  it('loads a plugin whose certificate is valid and signed by a trusted key', async () => {
    const host = await createPluginHost({ pluginFolders: [folder], certifiedOnly: true, trustedKeys: [build.publicKeyPem], logger: new RecordingLogger() });
    const echo = host.list().find((plugin) => plugin.id === 'echo')!;
    expect(echo).to.include({ status: 'loaded' });
    expect(echo.certificate.status).to.equal('valid');
    const secrets = { get: async () => 'pass-word' , description: 'test' };
    const withSecrets = await createPluginHost({ pluginFolders: [folder], certifiedOnly: true, trustedKeys: [build.publicKeyPem], logger: new RecordingLogger(), secrets });
    expect(await collect((await withSecrets.adapter('echo', { password: 'secret://x' })).read('d1', 'account'))).to.have.length(3);
    await Promise.all([host.close(), withSecrets.close()]);
  });

  it('refuses a plugin with a file changed after certification', async () => {
    appendFileSync(join(folder, 'echo', 'index.js'), '\n// patched after certification\n');
    const host = await createPluginHost({ pluginFolders: [folder], certifiedOnly: true, trustedKeys: [build.publicKeyPem], logger: new RecordingLogger() });
    const echo = host.list().find((plugin) => plugin.id === 'echo')!;
    expect(echo).to.include({ status: 'refused', reason: 'PLUGIN_NOT_CERTIFIED: echo: certificate modified: index.js differs' });
    const error = await failure(host.adapter('echo', { password: 'secret://x' }));
    expect(error).to.be.instanceOf(PluginNotCertifiedError);
    await host.close();
  });

  it('refuses unsigned plugins and plugins signed by an untrusted key, unless allowlisted', async () => {
    const strict = await listed({ certifiedOnly: true });
    expect(strict.other).to.include({ status: 'refused', reason: 'PLUGIN_NOT_CERTIFIED: other: certificate unsigned: no ledgersync-certificate.json' });
    expect(strict.thrower.status).to.equal('refused');
    expect(strict.thrower.certificate.status).to.equal('invalid');

    const allowed = await listed({ certifiedOnly: true, allowUnsigned: ['other', 'thrower'] });
    expect(allowed.other.status).to.equal('loaded');
    expect(allowed.thrower.status).to.equal('refused'); // the allowlist admits unsigned plugins, not bad signatures
  });

  it('development mode loads unsigned plugins with a warning', async () => {
    const logger = new RecordingLogger();
    const development = await listed({}, logger);
    expect(development.other).to.include({ status: 'loaded' });
    expect(development.other.certificate.status).to.equal('unsigned');
    expect(logger.lines).to.deep.include({ level: 'warn', message: 'loading a plugin whose certificate is unsigned', fields: { plugin: 'other', detail: 'no ledgersync-certificate.json' } });
  });
});
