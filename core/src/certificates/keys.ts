import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { CertificateKeyError } from './errors';
import { SigningKeyPair } from './types';

/** A fresh Ed25519 key pair, PEM encoded (SPKI public, PKCS#8 private). Keep the private key off connector builds. */
export function generateSigningKeyPair(): SigningKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** sha256 (hex) of a public key's SPKI DER: names the key in a certificate without embedding it. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

/** Parses a PEM key of the given role, refusing anything that is not Ed25519. */
function ed25519Key(role: 'trusted key' | 'signing key', pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = role === 'trusted key' ? createPublicKey(pem) : createPrivateKey(pem);
  } catch {
    throw new CertificateKeyError(role, `not a PEM ${role === 'trusted key' ? 'public' : 'private'} key`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new CertificateKeyError(role, `must be Ed25519, got ${key.asymmetricKeyType}`);
  return key;
}

export const ed25519PublicKey = (pem: string): KeyObject => ed25519Key('trusted key', pem);
export const ed25519PrivateKey = (pem: string): KeyObject => ed25519Key('signing key', pem);
