import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What `ledgersync connector status` shows: written by the running service into its state folder. */
export interface ServiceStatus {
  pid: number;
  connectorId: string;
  state: 'starting' | 'idle' | 'syncing' | 'stopping' | 'stopped' | 'failed';
  since: string;
  updatedAt: string;
  configFile: string;
  platformUrl: string;
  dossiers: string[];
  task?: { id: number; dossierId: string; kind: string; pages: number; operations: number };
  lastTask?: { id: number; dossierId: string; state: string; outcome?: string; error?: string; at: string };
  lastPollError?: { code: string; message: string; at: string };
}

export const STATUS_FILE = 'status.json';

/** Written whole to a temporary file and renamed: a reader never sees half a status. */
export function writeStatus(folder: string, status: ServiceStatus): void {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, STATUS_FILE);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(status, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

export function readStatus(folder: string): ServiceStatus | undefined {
  try {
    return JSON.parse(readFileSync(join(folder, STATUS_FILE), 'utf8')) as ServiceStatus;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Whether the process that wrote the status still runs (signal 0 checks without signalling). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
