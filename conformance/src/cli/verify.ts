import { existsSync, readFileSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';
import { verifyCertificate } from '@ledgersync/core/dist/src/certificates';
import { parseArgs, UsageError } from './args';

const USAGE = 'usage: ledgersync verify <plugin folder> --trust public.pem [--trust …] (or env LEDGERSYNC_TRUSTED_KEYS: PEM files separated by the path delimiter) [--json]';

/** `ledgersync verify`: prints the certificate status (valid, modified, invalid, unsigned); exit 0 only when valid. */
export async function run(args: string[]): Promise<number> {
  let parsed;
  let trusted: string[];
  try {
    parsed = parseArgs(args, ['trust'], ['json']);
    if (parsed.positionals.length !== 1) throw new UsageError('give one plugin folder');
    const files = parsed.options.trust ?? (process.env.LEDGERSYNC_TRUSTED_KEYS ?? '').split(delimiter).filter(Boolean);
    if (files.length === 0) throw new UsageError('give at least one trusted public key (--trust public.pem)');
    trusted = files.map((file) => readFileSync(resolve(file), 'utf8'));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const folder = resolve(parsed.positionals[0]);
  // a mistyped folder is not an "unsigned" plugin
  if (!existsSync(folder)) {
    process.stderr.write(`ledgersync verify: no plugin folder at ${folder}\n`);
    return 2;
  }
  const result = await verifyCertificate(folder, trusted);
  if (parsed.flags.has('json')) process.stdout.write(`${JSON.stringify({ status: result.status, detail: result.detail, payload: result.certificate?.payload ? { ...result.certificate.payload, files: Object.keys(result.certificate.payload.files).length } : undefined }, null, 2)}\n`);
  else process.stdout.write(`${result.status}: ${result.detail}\n`);
  return result.status === 'valid' ? 0 : 1;
}
