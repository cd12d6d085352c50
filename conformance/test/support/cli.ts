import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { CLI_MAIN, EXAMPLE_PLUGIN_DIR, REPO_ROOT } from './paths';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `ledgersync <args>` as a user does: a child process of the built CLI. */
export function ledgersync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * A copy of the example plugin (package.json and compiled code) in a temp folder whose parent
 * links the workspace's node_modules, so that it resolves @ledgersync/sdk as an installed plugin does.
 * Returns the plugin folder; remove its parent (`dirname`) when done.
 */
export function copyExamplePlugin(): string {
  const root = mkdtempSync(join(tmpdir(), 'ledgersync-plugins-'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  const dir = join(root, 'recorded-ledger');
  cpSync(join(EXAMPLE_PLUGIN_DIR, 'package.json'), join(dir, 'package.json'));
  cpSync(join(EXAMPLE_PLUGIN_DIR, 'dist', 'src'), join(dir, 'dist', 'src'), { recursive: true });
  return dir;
}

/** Removes a folder this test suite created, and nothing else: refuses any path that is not a `ledgersync-…` folder directly in the temp dir. */
export function removeTestFolder(dir: string): void {
  if (dirname(dir) !== tmpdir() || !basename(dir).startsWith('ledgersync-')) throw new Error(`refusing to remove ${dir}: not a test folder of this suite`);
  rmSync(dir, { recursive: true, force: true });
}
