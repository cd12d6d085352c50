import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateSigningKeyPair } from '@ledgersync/core/dist/src/certificates';
import { LedgersyncError } from '@ledgersync/sdk';

export class SigningKeyError extends LedgersyncError {
  constructor(detail: string) {
    super('CERTIFY_SIGNING_KEY', detail);
  }
}

/**
 * The Ed25519 private key to sign with: `--key file`, else `LEDGERSYNC_SIGNING_KEY` (a PEM, or a
 * file holding one). Errors name where the key was looked for, never what it holds.
 */
export function loadSigningKey(keyFile: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (keyFile) {
    if (!existsSync(keyFile)) throw new SigningKeyError(`--key ${keyFile}: no such file`);
    return readFileSync(keyFile, 'utf8');
  }
  const fromEnv = env.LEDGERSYNC_SIGNING_KEY;
  if (!fromEnv) throw new SigningKeyError('no signing key: give --key <private key file>, set LEDGERSYNC_SIGNING_KEY, or create one with --new-key <folder>');
  if (fromEnv.includes('-----BEGIN')) return fromEnv;
  if (!existsSync(fromEnv)) throw new SigningKeyError('LEDGERSYNC_SIGNING_KEY is neither a PEM key nor an existing file');
  return readFileSync(fromEnv, 'utf8');
}

/**
 * Creates a key pair in `folder`: `signing-key.pem` (private, mode 0600, never printed) and
 * `signing-key.pub.pem` (public: give it to connector builds to trust). Refuses to overwrite.
 */
export function createSigningKey(folder: string): { privateKeyFile: string; publicKeyFile: string; publicKeyPem: string; privateKeyPem: string } {
  const privateKeyFile = resolve(join(folder, 'signing-key.pem'));
  const publicKeyFile = resolve(join(folder, 'signing-key.pub.pem'));
  if (existsSync(privateKeyFile)) throw new SigningKeyError(`${privateKeyFile} exists: refusing to overwrite a signing key`);
  // a folder of its own for the key: created (private to its owner) when it does not exist yet
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const pair = generateSigningKeyPair();
  writeFileSync(privateKeyFile, pair.privateKeyPem, { mode: 0o600 });
  chmodSync(privateKeyFile, 0o600);
  writeFileSync(publicKeyFile, pair.publicKeyPem);
  return { privateKeyFile, publicKeyFile, ...pair };
}
