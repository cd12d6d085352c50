import { LedgersyncError } from '@ledgersync/sdk';

/** A signing or trusted key that is not a usable Ed25519 key. Names the key's role, never its material. */
export class CertificateKeyError extends LedgersyncError {
  constructor(role: 'signing key' | 'trusted key', detail: string) {
    super('CERTIFICATE_KEY_INVALID', `${role}: ${detail}`);
  }
}
