import { expect } from 'chai';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createSigningKey } from '../../src';
import { copyExamplePlugin, ledgersync, removeTestFolder } from '../support/cli';
import { BAD_RECORDS_LEDGER } from '../support/paths';

describe('ledgersync certify and verify (CLI)', function () {
  this.timeout(120_000);
  const cleanup: string[] = [];
  after(() => cleanup.forEach(removeTestFolder));
  const temp = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    cleanup.push(dir);
    return dir;
  };

  it('certifies the example plugin against the public ledgers with a new key, never printing the private key; verify says valid, then modified', async () => {
    const plugin = copyExamplePlugin();
    cleanup.push(dirname(plugin));
    const keys = temp('ledgersync-keys-');
    const certified = await ledgersync(['certify', plugin, '--new-key', keys]);
    expect(certified.code, certified.stderr).to.equal(0);
    const privateKey = readFileSync(join(keys, 'signing-key.pem'), 'utf8');
    const body = privateKey.split('\n')[1];
    expect(certified.stdout + certified.stderr).to.not.include(body);
    expect(certified.stdout).to.include('PASSED');
    const certificate = JSON.parse(readFileSync(join(plugin, 'ledgersync-certificate.json'), 'utf8'));
    expect(certificate.payload).to.include({ pluginId: 'recorded-ledger', version: '1.0.0', suiteVersion: '1.0.0' });
    expect(certificate.payload.ledgers).to.deep.equal(['bakery-basic (bakery-basic.json)', 'closed-period-edit (closed-period-edit.json)', 'real-books-1.1 (real-books-1.1.json)']);
    expect(certificate.payload.checks.passed).to.include.members(['manifest', 'secrets', 'bakery-basic: records', 'closed-period-edit: proposals', 'closed-period-edit: resumability']);
    expect(Object.keys(certificate.payload.files)).to.include.members(['package.json', 'dist/src/adapter.js']);
    expect(JSON.stringify(certificate)).to.not.include(body);

    const valid = await ledgersync(['verify', plugin, '--trust', join(keys, 'signing-key.pub.pem')]);
    expect(valid.code).to.equal(0);
    expect(valid.stdout).to.match(/^valid: /);
    const asJson = await ledgersync(['verify', plugin, '--trust', join(keys, 'signing-key.pub.pem'), '--json']);
    expect(JSON.parse(asJson.stdout)).to.deep.include({ status: 'valid' }).and.have.nested.property('payload.pluginId', 'recorded-ledger');

    appendFileSync(join(plugin, 'dist', 'src', 'adapter.js'), '\n// changed after certification\n');
    const modified = await ledgersync(['verify', plugin, '--trust', join(keys, 'signing-key.pub.pem')]);
    expect(modified.code).to.equal(1);
    expect(modified.stdout).to.match(/^modified: .*dist\/src\/adapter\.js/);
  });

  it('certifies on a generated ledger too (--generate <seed>, as its usage line says), naming it in the certificate', async () => {
    const plugin = copyExamplePlugin();
    cleanup.push(dirname(plugin));
    const keys = createSigningKey(temp('ledgersync-keys-'));
    const certified = await ledgersync(['certify', plugin, '--ledger', BAD_RECORDS_LEDGER, '--generate', '7'], { LEDGERSYNC_SIGNING_KEY: keys.privateKeyPem });
    expect(certified.code, certified.stderr).to.equal(0);
    const certificate = JSON.parse(readFileSync(join(plugin, 'ledgersync-certificate.json'), 'utf8'));
    expect(certificate.payload.ledgers).to.deep.equal(['garage-bad-records (garage-bad-records.json)', 'generated-7 (generated-7.json)']);
  });

  it('takes the key from LEDGERSYNC_SIGNING_KEY; a key it does not trust makes verify say invalid', async () => {
    const plugin = copyExamplePlugin();
    cleanup.push(dirname(plugin));
    const keys = createSigningKey(temp('ledgersync-keys-'));
    const other = createSigningKey(temp('ledgersync-other-'));
    const fromEnv = await ledgersync(['certify', plugin, '--ledger', BAD_RECORDS_LEDGER], { LEDGERSYNC_SIGNING_KEY: keys.privateKeyPem });
    expect(fromEnv.code, fromEnv.stderr).to.equal(0);
    expect(existsSync(join(plugin, 'ledgersync-certificate.json'))).to.equal(true);
    const untrusted = await ledgersync(['verify', plugin, '--trust', other.publicKeyFile]);
    expect(untrusted.code).to.equal(1);
    expect(untrusted.stdout).to.match(/^invalid: /);
  });

  it('refuses to certify a plugin that fails the suite, and writes no certificate', async () => {
    const plugin = copyExamplePlugin();
    cleanup.push(dirname(plugin));
    const keys = temp('ledgersync-keys-');
    const adapterJs = join(plugin, 'dist', 'src', 'adapter.js');
    writeFileSync(adapterJs, readFileSync(adapterJs, 'utf8').replace('yield this.provider.current().dossier;', "yield { ...this.provider.current().dossier, id: 'NOT-THE-DOSSIER' };"));
    const { code, stderr, stdout } = await ledgersync(['certify', plugin, '--new-key', keys]);
    expect(code).to.equal(1);
    expect(stdout).to.include("listDossiers() gave [NOT-THE-DOSSIER], not the ledger's dossier BE0412345678");
    expect(stderr).to.include('not certified');
    expect(existsSync(join(plugin, 'ledgersync-certificate.json'))).to.equal(false);
  });

  it('creates the --new-key folder when it does not exist, and names the driver and backend it certified against', async () => {
    const plugin = copyExamplePlugin();
    cleanup.push(dirname(plugin));
    const keys = join(temp('ledgersync-keys-'), 'not', 'yet');
    const certified = await ledgersync(['certify', plugin, '--new-key', keys, '--ledger', BAD_RECORDS_LEDGER]);
    expect(certified.code, certified.stderr).to.equal(0);
    expect(existsSync(join(keys, 'signing-key.pem'))).to.equal(true);
    expect(certified.stdout).to.include('driver: ledgersync recorded-ledger source, backend source file (JSON)');
    const certificate = JSON.parse(readFileSync(join(plugin, 'ledgersync-certificate.json'), 'utf8'));
    expect(certificate.payload.driver).to.deep.equal({ package: 'ledgersync recorded-ledger source', backend: 'source file (JSON)' });
  });

  it('exits 2 without a signing key, naming where it looked', async () => {
    const plugin = copyExamplePlugin();
    cleanup.push(dirname(plugin));
    const { code, stderr } = await ledgersync(['certify', plugin], { LEDGERSYNC_SIGNING_KEY: '' });
    expect(code).to.equal(2);
    expect(stderr).to.include('no signing key: give --key');
  });
});
