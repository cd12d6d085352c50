import { expect } from 'chai';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateSigningKeyPair, PluginHost } from '@ledgersync/core';
import { certifyPlugin, PUBLIC_LEDGERS, runConformance } from '@ledgersync/conformance';
import { bundleConnector, startConnector } from '../src';

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
const EXAMPLE_PLUGIN = join(REPO_ROOT, 'examples', 'recorded-ledger-adapter');

/** The operator's grant in connector.json: the plugin reads the recorded ledgers, outside its folder. */
function grantLedgers(configFile: string): void {
  const config = JSON.parse(readFileSync(configFile, 'utf8'));
  config.plugins.permissions = { 'recorded-ledger': { readPaths: [dirname(PUBLIC_LEDGERS[0])] } };
  writeFileSync(configFile, JSON.stringify(config, null, 2));
}

async function dossiersOf(host: PluginHost): Promise<string[]> {
  const adapter = await host.adapter('recorded-ledger', { ledger: PUBLIC_LEDGERS[0] });
  const ids: string[] = [];
  for await (const dossier of adapter.listDossiers()) ids.push(dossier.id);
  await adapter.close();
  return ids;
}

describe('connector build: bundles certified plugins, runs certified-only', function () {
  this.timeout(120_000);
  const keys = generateSigningKeyPair();
  let root: string;
  let staged: string;
  let hosts: PluginHost[] = [];

  before(async () => {
    // a folder whose node_modules is the workspace's, as an installed distribution has its own
    root = mkdtempSync(join(tmpdir(), 'ledgersync-connector-'));
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    staged = join(root, 'build', 'recorded-ledger');
    cpSync(join(EXAMPLE_PLUGIN, 'package.json'), join(staged, 'package.json'));
    cpSync(join(EXAMPLE_PLUGIN, 'dist', 'src'), join(staged, 'dist', 'src'), { recursive: true });
    const report = await runConformance({ plugin: staged, ledgers: [PUBLIC_LEDGERS[0]] });
    expect(report.passed, JSON.stringify(report.results.filter((r) => r.status === 'failed'))).to.equal(true);
    await certifyPlugin(report, keys.privateKeyPem);
  });

  afterEach(async () => {
    await Promise.all(hosts.map((host) => host.close()));
    hosts = [];
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  it('loads the certified example plugin and reads through it', async () => {
    const { configFile } = await bundleConnector({ outDir: join(root, 'dist-ok'), plugins: [staged], trustedPublicKeyPem: keys.publicKeyPem });
    grantLedgers(configFile);
    const host = await startConnector(configFile);
    hosts.push(host);
    const info = host.list().find((p) => p.id === 'recorded-ledger');
    expect(info).to.deep.include({ status: 'loaded' });
    expect(info?.certificate.status).to.equal('valid');
    expect(await dossiersOf(host)).to.deep.equal(['BE0412345678']);
  });

  it('refuses the plugin once a file changed after certification, as modified', async () => {
    const { configFile, plugins } = await bundleConnector({ outDir: join(root, 'dist-tampered'), plugins: [staged], trustedPublicKeyPem: keys.publicKeyPem });
    appendFileSync(join(plugins[0], 'dist', 'src', 'adapter.js'), '\n// patched in the field\n');
    const host = await startConnector(configFile);
    hosts.push(host);
    const info = host.list().find((p) => p.id === 'recorded-ledger');
    expect(info?.status).to.equal('refused');
    expect(info?.certificate.status).to.equal('modified');
    expect(info?.certificate.detail).to.include('dist/src/adapter.js');
    const error = await dossiersOf(host).catch((e: unknown) => e as Error);
    expect(error).to.be.instanceOf(Error);
  });

  it('will not bundle a plugin certified with a key the build does not trust', async () => {
    const stranger = generateSigningKeyPair();
    const error = await bundleConnector({ outDir: join(root, 'dist-untrusted'), plugins: [staged], trustedPublicKeyPem: stranger.publicKeyPem }).catch((e: unknown) => e as Error);
    expect(error).to.have.property('code', 'CONNECTOR_BUNDLE_REFUSED');
    expect((error as Error).message).to.include('certificate invalid');
  });
});
