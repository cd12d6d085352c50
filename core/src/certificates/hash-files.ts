import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { CERTIFICATE_FILE } from './types';

/** Folders that are not part of what was certified: installed dependencies and version control. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

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
    // a workspace's node_modules is often a symlink: skipped by name whatever its type
    if (SKIPPED_FOLDERS.has(entry.name) || isBuildBookkeeping(entry.name)) continue;
    if (entry.isDirectory()) await listFiles(root, path, into);
    else if (entry.isFile() || entry.isSymbolicLink()) {
      if (path !== CERTIFICATE_FILE) into.push(path);
    }
  }
}

/**
 * sha256 of every file of a plugin package, keyed by posix path relative to `pluginDir`, in path
 * order; leaves out the certificate itself, `node_modules`, `.git` and `*.tsbuildinfo`.
 */
export async function hashPluginFiles(pluginDir: string): Promise<Record<string, string>> {
  const paths: string[] = [];
  await listFiles(pluginDir, '', paths);
  paths.sort();
  const files: Record<string, string> = {};
  for (const path of paths) files[path] = await sha256File(join(pluginDir, ...path.split('/')));
  return files;
}
