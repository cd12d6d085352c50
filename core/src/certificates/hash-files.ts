import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { CertificateSymlinkError } from './errors';
import { CERTIFICATE_FILE } from './types';

/** Version control: never loaded. */
const SKIPPED_FOLDERS = new Set(['.git']);

/** npm's command shims (symlinks to files already hashed); never loaded by a plugin. */
const isBinFolder = (path: string) => path === 'node_modules/.bin' || path.endsWith('/node_modules/.bin');

/** TypeScript's incremental-build bookkeeping: rewritten by every build, never loaded at run time. */
const isBuildBookkeeping = (name: string) => name.endsWith('.tsbuildinfo');

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function listFiles(root: string, relative: string, into: string[]): Promise<void> {
  const entries = await readdir(join(root, relative), { withFileTypes: true });
  for (const entry of entries) {
    const path = relative ? posix.join(relative, entry.name) : entry.name;
    if (SKIPPED_FOLDERS.has(entry.name) || isBuildBookkeeping(entry.name) || isBinFolder(path)) continue;
    // A symlink names code outside what was certified (or a file that can be swapped under it): refused.
    if (entry.isSymbolicLink()) throw new CertificateSymlinkError(root, path);
    if (entry.isDirectory()) await listFiles(root, path, into);
    else if (entry.isFile() && path !== CERTIFICATE_FILE) into.push(path);
  }
}

/**
 * sha256 of every file of a plugin package that can load, its own `node_modules` included, keyed
 * by posix path relative to `pluginDir`, in path order; leaves out the certificate itself,
 * `node_modules/.bin`, `.git` and `*.tsbuildinfo`. A symlink anywhere in the package is refused
 * with {@link CertificateSymlinkError}, naming it.
 */
export async function hashPluginFiles(pluginDir: string): Promise<Record<string, string>> {
  const paths: string[] = [];
  await listFiles(pluginDir, '', paths);
  paths.sort();
  const files: Record<string, string> = {};
  for (const path of paths) files[path] = await sha256File(join(pluginDir, ...path.split('/')));
  return files;
}
