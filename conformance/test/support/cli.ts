import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
 * A copy of the example plugin (package.json and compiled code) in a temp folder, with the
 * workspace's node_modules linked so that it resolves @ledgersync/sdk: what an installed plugin looks like.
 */
export function copyExamplePlugin(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ledgersync-plugin-'));
  cpSync(join(EXAMPLE_PLUGIN_DIR, 'package.json'), join(dir, 'package.json'));
  cpSync(join(EXAMPLE_PLUGIN_DIR, 'dist', 'src'), join(dir, 'dist', 'src'), { recursive: true });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}
