/** File name of a plugin's certificate, at the root of its package folder. */
export const CERTIFICATE_FILE = 'ledgersync-certificate.json';

/** Format tag of certificates this module writes and reads. */
export const CERTIFICATE_FORMAT = 'ledgersync-certificate@1';

/** A check of the conformance suite that did not run, and why (a written reason is mandatory). */
export interface SkippedCheck {
  check: string;
  reason: string;
}

/** What the conformance suite vouches for; signed as canonical JSON. */
export interface CertificatePayload {
  /** The plugin's manifest id (`ledgersync.id`). */
  pluginId: string;
  /** The plugin's package version. */
  version: string;
  /** sha256 (hex) of every file of the package, by posix path relative to the package folder. */
  files: Record<string, string>;
  /** Version of the conformance suite that ran. */
  suiteVersion: string;
  /** The recorded ledgers the suite replayed (names or paths, as the suite reports them). */
  ledgers: string[];
  checks: { passed: string[]; skipped: SkippedCheck[] };
  /** When the suite passed, ISO-8601 UTC. */
  date: string;
  /** The fixture driver's package and backend: what the suite certified the adapter against. */
  driver?: { package: string; backend: string };
  /** Fields the package does not keep, as the driver declared them (never money). */
  declaredLosses?: { entity: string; field: string; reason: string }[];
  /** Steps of the ledgers the package could not express, skipped with their reason. */
  skippedSteps?: { ledger: string; step: number; entity?: string; id?: string; reason: string }[];
}

/** The file written into the plugin folder. */
export interface Certificate {
  format: typeof CERTIFICATE_FORMAT;
  payload: CertificatePayload;
  /** sha256 (hex) of the signing public key's SPKI DER: which trusted key to check against. */
  keyId: string;
  /** Ed25519 signature over `canonicalJson(payload)`, base64. */
  signature: string;
}

/** Grafana's statuses: valid; modified (a file differs, is missing or is not listed); invalid (bad signature or untrusted key); unsigned. */
export type CertificateStatus = 'valid' | 'modified' | 'invalid' | 'unsigned';

export interface VerificationResult {
  status: CertificateStatus;
  /** One line for people: what was checked, or what is wrong (file names, never contents). */
  detail: string;
  certificate?: Certificate;
}

export interface SigningKeyPair {
  publicKeyPem: string;
  privateKeyPem: string;
}
