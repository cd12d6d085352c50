import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import knex from 'knex';
import { freePort } from '../../../bench/platform/free-port';

export const CLI = resolve(__dirname, '../../../src/cli/main.js');
export const MYSQL_SERVER = process.env.LEDGERSYNC_MYSQL_URL ?? 'mysql://root:@127.0.0.1:3306/';

/** Runs the CLI to its end; `input` goes to stdin. */
export function ledgersync(args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(process.execPath, [CLI, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
    child.stdin?.end(input ?? '');
  });
}

/** A long-running CLI process (platform serve, connector run) whose JSON log lines are kept. */
export class Service {
  readonly lines: Record<string, unknown>[] = [];
  output = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(args: string[], env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let partial = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
      partial += chunk.toString();
      const parts = partial.split('\n');
      partial = parts.pop()!;
      for (const line of parts) {
        try {
          this.lines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          this.lines.push({ text: line });
        }
      }
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((done) => this.child.once('exit', (code) => done(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The first log line that matches, waiting for it (fails after `timeoutMs`, with the output so far). */
  async waitFor(match: (line: Record<string, unknown>) => boolean, timeoutMs = 30_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find(match);
      if (found) return found;
      if (this.child.exitCode !== null) throw new Error(`the process ended (${this.child.exitCode}) before the line came:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`no such line after ${timeoutMs} ms:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  signal(name: NodeJS.Signals): void {
    this.child.kill(name);
  }
}

export { freePort };

/** A fresh MariaDB database with a random name, and how to drop it. */
export async function mariadbDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const server = knex({ client: 'mysql2', connection: MYSQL_SERVER });
  await server.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  const url = new URL(MYSQL_SERVER);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await server.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      await server.destroy();
    },
  };
}
