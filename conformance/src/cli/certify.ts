import { resolve } from 'node:path';
import { certifyPlugin } from '../certify/certify';
import { createSigningKey, loadSigningKey } from '../certify/signing-key';
import { parseArgs, UsageError } from './args';
import { runSuiteFromCli } from './run-suite';

const USAGE = 'usage: ledgersync certify <plugin folder> [--key private.pem | env LEDGERSYNC_SIGNING_KEY | --new-key <folder>] [--ledger file.json …] [--generate <seed> …] [--adapter id] [--json] [--in-process]';

/** `ledgersync certify`: runs the suite; if it passes, signs a certificate into the plugin. The private key is never printed. */
export async function run(args: string[]): Promise<number> {
  let parsed;
  let privateKeyPem: string;
  try {
    parsed = parseArgs(args, ['ledger', 'generate', 'adapter', 'key', 'new-key'], ['json', 'in-process']);
    if (parsed.positionals.length !== 1) throw new UsageError('give one plugin folder');
    const newKey = parsed.options['new-key']?.[0];
    if (newKey) {
      const created = createSigningKey(newKey);
      process.stderr.write(`created a signing key: ${created.privateKeyFile} (private: keep it off connector builds)\npublic key to trust: ${created.publicKeyFile}\n`);
      privateKeyPem = created.privateKeyPem;
    } else privateKeyPem = loadSigningKey(parsed.options.key?.[0]);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const report = await runSuiteFromCli(parsed.positionals[0], { ledgers: parsed.options.ledger, generate: parsed.options.generate, adapterId: parsed.options.adapter?.[0], json: parsed.flags.has('json'), inProcess: parsed.flags.has('in-process') });
  if (!report.passed) {
    process.stderr.write(`not certified: ${report.plugin.id} failed the conformance suite\n`);
    return 1;
  }
  const certificate = await certifyPlugin(report, privateKeyPem);
  const keyId = certificate.keyId;
  process.stderr.write(`certified ${report.plugin.id} ${report.plugin.version}: ${Object.keys(certificate.payload.files).length} files signed, key ${keyId.slice(0, 16)}…, written to ${resolve(parsed.positionals[0], 'ledgersync-certificate.json')}\n`);
  return 0;
}
