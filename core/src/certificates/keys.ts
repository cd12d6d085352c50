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

/** Parses a trusted public key, refusing anything but Ed25519. */
export function ed25519PublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new CertificateKeyError('trusted key', 'not a PEM public key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new CertificateKeyError('trusted key', `must be Ed25519, got ${key.asymmetricKeyType}`);
  return key;
}

/** Parses a signing key, refusing anything but Ed25519. */
export function ed25519PrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new CertificateKeyError('signing key', 'not a PEM private key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new CertificateKeyError('signing key', `must be Ed25519, got ${key.asymmetricKeyType}`);
  return key;
}
