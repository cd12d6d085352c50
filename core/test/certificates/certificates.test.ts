import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  canonicalJson, CERTIFICATE_FILE, CertificateKeyError, generateSigningKeyPair, hashPluginFiles, signCertificate, verifyCertificate,
} from '../../src/certificates';

const payload = {
  pluginId: 'tiny',
  version: '1.0.0',
  suiteVersion: '1.0.0',
  ledgers: ['bakery-basic', 'closed-period-edit'],
  checks: { passed: ['manifest', 'full-sync'], skipped: [{ check: 'push', reason: 'read-only package' }] },
  date: '2026-11-28T22:00:00.000Z',
};

describe('certificates', () => {
  let dir: string;
  const keys = generateSigningKeyPair();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ls-cert-'));
    writeFileSync(join(dir, 'package.json'), '{"name":"tiny"}');
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'main.js'), 'exports.activate = () => {};');
    mkdirSync(join(dir, 'node_modules', 'dep'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'dep', 'index.js'), '1');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('canonical JSON sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).to.equal('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it('hashes every file, node_modules included, but node_modules/.bin and the certificate, by posix path', async () => {
    writeFileSync(join(dir, CERTIFICATE_FILE), '{}');
    mkdirSync(join(dir, 'node_modules', '.bin'));
    writeFileSync(join(dir, 'node_modules', '.bin', 'dep'), '#!/bin/sh');
    const files = await hashPluginFiles(dir);
    expect(Object.keys(files)).to.deep.equal(['dist/main.js', 'node_modules/dep/index.js', 'package.json']);
    // sha256 of '{"name":"tiny"}'
    expect(files['package.json']).to.match(/^[0-9a-f]{64}$/);
    expect(files['package.json']).to.not.equal(files['dist/main.js']);
  });

  it('signs a certificate that verifies as valid with the trusted key', async () => {
    const certificate = await signCertificate(dir, payload, keys.privateKeyPem);
    const written = JSON.parse(readFileSync(join(dir, CERTIFICATE_FILE), 'utf8'));
    expect(written).to.deep.equal(JSON.parse(JSON.stringify(certificate)));
    expect(certificate.payload.files).to.have.keys('dist/main.js', 'node_modules/dep/index.js', 'package.json');
    const result = await verifyCertificate(dir, [generateSigningKeyPair().publicKeyPem, keys.publicKeyPem]);
    expect(result.status).to.equal('valid', result.detail);
    expect(result.certificate?.payload.pluginId).to.equal('tiny');
  });

  it('reports unsigned when there is no certificate', async () => {
    expect((await verifyCertificate(dir, [keys.publicKeyPem])).status).to.equal('unsigned');
  });

  it('reports modified for a changed, a missing and an unlisted file, naming them', async () => {
    await signCertificate(dir, payload, keys.privateKeyPem);
    writeFileSync(join(dir, 'dist', 'main.js'), 'exports.activate = () => { steal(); };');
    let result = await verifyCertificate(dir, [keys.publicKeyPem]);
    expect(result).to.include({ status: 'modified' });
    expect(result.detail).to.contain('dist/main.js differs');

    await signCertificate(dir, payload, keys.privateKeyPem);
    unlinkSync(join(dir, 'package.json'));
    writeFileSync(join(dir, 'dist', 'extra.js'), '');
    result = await verifyCertificate(dir, [keys.publicKeyPem]);
    expect(result.status).to.equal('modified');
    expect(result.detail).to.contain('package.json is missing').and.contain('dist/extra.js is not listed');
  });

  it('reports a changed dependency inside node_modules as modified (was ignored before)', async () => {
    await signCertificate(dir, payload, keys.privateKeyPem);
    writeFileSync(join(dir, 'node_modules', 'dep', 'index.js'), '2');
    const result = await verifyCertificate(dir, [keys.publicKeyPem]);
    expect(result).to.include({ status: 'modified' });
    expect(result.detail).to.contain('node_modules/dep/index.js differs');
  });

  it('refuses a symlink, node_modules included, naming it (was skipped before)', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'ls-cert-deps-'));
    try {
      rmSync(join(dir, 'node_modules'), { recursive: true });
      symlinkSync(elsewhere, join(dir, 'node_modules'), 'dir');
      const error = await hashPluginFiles(dir).then(() => undefined, (failed: Error & { code?: string }) => failed);
      expect(error?.code).to.equal('CERTIFICATE_SYMLINK');
      expect(error?.message).to.contain('node_modules is a symlink');
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('stays valid across a rebuild that only rewrites tsbuildinfo', async () => {
    writeFileSync(join(dir, 'dist', 'tsconfig.tsbuildinfo'), '{"version":"1"}');
    await signCertificate(dir, payload, keys.privateKeyPem);
    writeFileSync(join(dir, 'dist', 'tsconfig.tsbuildinfo'), '{"version":"2"}');
    expect((await verifyCertificate(dir, [keys.publicKeyPem])).status).to.equal('valid');
  });

  it('reports invalid for an edited payload, a forged signature and an untrusted key', async () => {
    await signCertificate(dir, payload, keys.privateKeyPem);
    const path = join(dir, CERTIFICATE_FILE);
    const original = JSON.parse(readFileSync(path, 'utf8'));

    writeFileSync(path, JSON.stringify({ ...original, payload: { ...original.payload, checks: { passed: ['everything'], skipped: [] } } }));
    expect((await verifyCertificate(dir, [keys.publicKeyPem])).status).to.equal('invalid');

    writeFileSync(path, JSON.stringify({ ...original, signature: Buffer.alloc(64, 7).toString('base64') }));
    expect(await verifyCertificate(dir, [keys.publicKeyPem])).to.include({ status: 'invalid', detail: 'signature does not match the payload' });

    writeFileSync(path, JSON.stringify(original));
    const untrusted = await verifyCertificate(dir, [generateSigningKeyPair().publicKeyPem]);
    expect(untrusted.status).to.equal('invalid');
    expect(untrusted.detail).to.contain('does not trust');

    writeFileSync(path, 'not json');
    expect((await verifyCertificate(dir, [keys.publicKeyPem])).status).to.equal('invalid');
  });

  it('refuses keys that are not Ed25519 with a typed error', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const rsaPem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    try {
      await signCertificate(dir, payload, rsaPem);
      expect.fail('signed with RSA');
    } catch (error) {
      expect(error).to.be.instanceOf(CertificateKeyError);
      expect((error as CertificateKeyError).code).to.equal('CERTIFICATE_KEY_INVALID');
    }
  });
});
