import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CERTIFICATE_FILE, verifyCertificate } from '@ledgersync/core/dist/src/certificates';
import { LedgersyncError } from '@ledgersync/sdk';

/** The connector configuration every distribution ships: certified-only, trusting the build's key. */
export const CONNECTOR_CONFIG_FILE = 'connector.json';
const TEMPLATE = join(__dirname, '..', '..', CONNECTOR_CONFIG_FILE);

export class BundleRefusedError extends LedgersyncError {
  constructor(readonly plugin: string, detail: string) {
    super('CONNECTOR_BUNDLE_REFUSED', `${plugin}: ${detail}`);
  }
}

export interface BundleOptions {
  /** Where the distribution is written (created if missing). */
  outDir: string;
  /** Certified plugin folders to bundle. */
  plugins: string[];
  /** The public key (PEM) the distribution trusts: the one the plugins were certified with. */
  trustedPublicKeyPem: string;
}

/**
 * Assembles a connector distribution: each plugin's certified files under `plugins/<folder name>`,
 * the trusted key under `keys/`, and `connector.json` in certified-only mode. A plugin whose
 * certificate does not verify against the trusted key is refused here already, before it ships.
 */
export async function bundleConnector(options: BundleOptions): Promise<{ configFile: string; plugins: string[] }> {
  const outDir = resolve(options.outDir);
  mkdirSync(join(outDir, 'plugins'), { recursive: true });
  mkdirSync(join(outDir, 'keys'), { recursive: true });
  const bundled: string[] = [];
  for (const plugin of options.plugins) {
    const verification = await verifyCertificate(plugin, [options.trustedPublicKeyPem]);
    if (verification.status !== 'valid') throw new BundleRefusedError(plugin, `certificate ${verification.status}: ${verification.detail}`);
    const target = join(outDir, 'plugins', plugin.split(/[\\/]/).filter(Boolean).pop()!);
    for (const file of Object.keys(verification.certificate!.payload.files)) cpSync(join(plugin, file), join(target, file));
    cpSync(join(plugin, CERTIFICATE_FILE), join(target, CERTIFICATE_FILE));
    bundled.push(target);
  }
  writeFileSync(join(outDir, 'keys', 'trusted.pub.pem'), options.trustedPublicKeyPem);
  const configFile = join(outDir, CONNECTOR_CONFIG_FILE);
  if (!existsSync(configFile)) writeFileSync(configFile, readFileSync(TEMPLATE));
  return { configFile, plugins: bundled };
}
