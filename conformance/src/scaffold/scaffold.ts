import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { LedgersyncError } from '@ledgersync/sdk';

export const TEMPLATES_DIR = join(__dirname, '..', '..', '..', 'templates', 'adapter');

export class ScaffoldError extends LedgersyncError {
  constructor(detail: string) {
    super('SCAFFOLD_REFUSED', detail);
  }
}

/** The names a template speaks of, derived from the adapter name (`acme-books`). */
export interface AdapterNames {
  /** `acme-books`: plugin id, adapter id, package suffix. */
  name: string;
  /** `AcmeBooks`: class names. */
  Name: string;
  /** `ACME_BOOKS`: error codes and environment variables. */
  CONSTANT: string;
  /** `Acme Books`: what people read. */
  displayName: string;
}

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function adapterNames(name: string): AdapterNames {
  if (!NAME.test(name)) throw new ScaffoldError(`adapter name ${JSON.stringify(name)}: use lowercase letters, digits and single dashes, starting with a letter (acme-books)`);
  const words = name.split('-');
  const capitalised = words.map((w) => w[0].toUpperCase() + w.slice(1));
  return { name, Name: capitalised.join(''), CONSTANT: words.join('_').toUpperCase(), displayName: capitalised.join(' ') };
}

/** The ledgersync packages a scaffold depends on, and the folder of each in the ledgersync that made it. */
const OWN_PACKAGES: Record<string, string> = {
  '@ledgersync/sdk': '@ledgersync/sdk/package.json',
  '@ledgersync/conformance': '@ledgersync/conformance/package.json',
  '@ledgersync/example-recorded-ledger': '@ledgersync/example-recorded-ledger/package.json',
};

/**
 * Points the scaffold's ledgersync dependencies at the packages of the ledgersync that made it
 * (`file:` links): they are not on a registry, and so the package installs anywhere on this machine
 * with a plain `npm install`, its other dependencies from the registry.
 */
function linkOwnPackages(packageFile: string): void {
  const manifest = JSON.parse(readFileSync(packageFile, 'utf8')) as Record<string, Record<string, string> | undefined>;
  for (const section of ['dependencies', 'devDependencies']) {
    for (const [name, lookup] of Object.entries(OWN_PACKAGES)) {
      if (manifest[section]?.[name]) manifest[section]![name] = `file:${dirname(require.resolve(lookup))}`;
    }
  }
  writeFileSync(packageFile, `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Writes a new adapter plugin package into `targetDir` (which must not exist, or be empty); returns the files written. */
export function scaffoldAdapter(name: string, targetDir: string, options: { linkOwnPackages?: boolean } = {}): string[] {
  const names = adapterNames(name);
  if (existsSync(targetDir) && readdirSync(targetDir).length > 0) throw new ScaffoldError(`${targetDir} exists and is not empty`);
  const written: string[] = [];
  for (const template of templateFiles(TEMPLATES_DIR)) {
    const target = join(targetDir, relative(TEMPLATES_DIR, template).replace(/\.tmpl$/, ''));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, fill(readFileSync(template, 'utf8'), names));
    written.push(relative(targetDir, target));
  }
  if (options.linkOwnPackages ?? true) linkOwnPackages(join(targetDir, 'package.json'));
  return written.sort();
}

function fill(text: string, names: AdapterNames): string {
  return text.replace(/\{\{(name|Name|CONSTANT|displayName)\}\}/g, (_match, key: keyof AdapterNames) => names[key]);
}

function templateFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? templateFiles(join(dir, entry.name)) : [join(dir, entry.name)]));
}
