import { verify } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson } from './canonical-json';
import { CertificateSymlinkError } from './errors';
import { hashPluginFiles } from './hash-files';
import { ed25519PublicKey, keyIdOf } from './keys';
import { Certificate, CERTIFICATE_FILE, CERTIFICATE_FORMAT, VerificationResult } from './types';

async function readCertificate(pluginDir: string): Promise<{ certificate?: Certificate; problem?: string } | undefined> {
  let text: string;
  try {
    text = await readFile(join(pluginDir, CERTIFICATE_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const certificate = JSON.parse(text) as Certificate;
    if (certificate?.format !== CERTIFICATE_FORMAT) return { problem: `not a ${CERTIFICATE_FORMAT} file` };
    if (typeof certificate.signature !== 'string' || typeof certificate.payload?.files !== 'object' || certificate.payload.files === null) {
      return { problem: 'payload, files or signature missing' };
    }
    return { certificate };
  } catch {
    return { problem: `${CERTIFICATE_FILE} is not JSON` };
  }
}

/** Lists differences between certified and present files: changed, missing, not listed. */
function fileDifferences(certified: Record<string, string>, present: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [path, hash] of Object.entries(certified)) {
    if (!(path in present)) problems.push(`${path} is missing`);
    else if (present[path] !== hash) problems.push(`${path} differs`);
  }
  for (const path of Object.keys(present)) if (!(path in certified)) problems.push(`${path} is not listed`);
  return problems;
}

/**
 * Checks a plugin folder's certificate: signed by one of the trusted Ed25519 keys (else `invalid`),
 * then every file as certified, its own node_modules included (else `modified`). A symlink in the
 * package: `invalid`, naming it. No certificate file: `unsigned`.
 */
export async function verifyCertificate(pluginDir: string, trustedPublicKeysPem: string[]): Promise<VerificationResult> {
  const read = await readCertificate(pluginDir);
  if (!read) return { status: 'unsigned', detail: `no ${CERTIFICATE_FILE}` };
  const { certificate, problem } = read;
  if (!certificate) return { status: 'invalid', detail: problem! };
  const signed = Buffer.from(canonicalJson(certificate.payload));
  const signature = Buffer.from(certificate.signature, 'base64');
  const trusted = trustedPublicKeysPem.map(ed25519PublicKey);
  const key = trusted.find((candidate) => keyIdOf(candidate) === certificate.keyId);
  if (!key) return { status: 'invalid', detail: `signed by key ${certificate.keyId.slice(0, 16)}…, which this build does not trust`, certificate };
  if (!verify(null, signed, key, signature)) return { status: 'invalid', detail: 'signature does not match the payload', certificate };
  let present: Record<string, string>;
  try {
    present = await hashPluginFiles(pluginDir);
  } catch (error) {
    if (error instanceof CertificateSymlinkError) return { status: 'invalid', detail: `${error.path} is a symlink (refused: a certified plugin holds its files)`, certificate };
    throw error;
  }
  const problems = fileDifferences(certificate.payload.files, present);
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join('; ');
    return { status: 'modified', detail: problems.length > 5 ? `${shown}; and ${problems.length - 5} more` : shown, certificate };
  }
  const files = Object.keys(certificate.payload.files).length;
  return { status: 'valid', detail: `${certificate.payload.pluginId}@${certificate.payload.version}: ${files} files as certified on ${certificate.payload.date}`, certificate };
}
