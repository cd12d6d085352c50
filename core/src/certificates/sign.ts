import { createPublicKey, sign } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson } from './canonical-json';
import { hashPluginFiles } from './hash-files';
import { ed25519PrivateKey, keyIdOf } from './keys';
import { Certificate, CERTIFICATE_FILE, CERTIFICATE_FORMAT, CertificatePayload } from './types';

/**
 * Hashes the plugin's files, signs payload + hashes with an Ed25519 private key, writes
 * `ledgersync-certificate.json` into the plugin folder and returns the certificate.
 */
export async function signCertificate(pluginDir: string, payload: Omit<CertificatePayload, 'files'>, privateKeyPem: string): Promise<Certificate> {
  const privateKey = ed25519PrivateKey(privateKeyPem);
  const full: CertificatePayload = { ...payload, files: await hashPluginFiles(pluginDir) };
  const certificate: Certificate = {
    format: CERTIFICATE_FORMAT,
    payload: full,
    keyId: keyIdOf(createPublicKey(privateKey)),
    signature: sign(null, Buffer.from(canonicalJson(full)), privateKey).toString('base64'),
  };
  await writeFile(join(pluginDir, CERTIFICATE_FILE), `${JSON.stringify(certificate, null, 2)}\n`);
  return certificate;
}
