import { LedgersyncError } from '@ledgersync/sdk';

/** A signing or trusted key that is not a usable Ed25519 key. Names the key's role, never its material. */
export class CertificateKeyError extends LedgersyncError {
  constructor(role: 'signing key' | 'trusted key', detail: string) {
    super('CERTIFICATE_KEY_INVALID', `${role}: ${detail}`);
  }
}

/** A plugin package holds a symlink: what it points to is not what was certified. Names the package and the link. */
export class CertificateSymlinkError extends LedgersyncError {
  constructor(readonly pluginDir: string, readonly path: string) {
    super('CERTIFICATE_SYMLINK', `${pluginDir}: ${path} is a symlink; a certified plugin holds its files, not links to them`);
  }
}
