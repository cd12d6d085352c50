import { LedgersyncError } from '@ledgersync/sdk';

/** The platform answered with an error (a 4xx, or a 5xx after every retry). */
export class PlatformRequestError extends LedgersyncError {
  constructor(code: string, readonly status: number, readonly path: string, detail: string) {
    super(code, `${path} answered ${status}: ${detail}`);
  }
}

/** The platform could not be reached after every retry. */
export class PlatformUnreachableError extends LedgersyncError {
  constructor(readonly path: string, attempts: number, cause: unknown) {
    super('CONNECTOR_PLATFORM_UNREACHABLE', `${path} failed ${attempts} times; last: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/** The platform says this connector no longer holds the task (its lease ran out); the run stops. */
export function isLeaseLost(error: unknown): boolean {
  return error instanceof PlatformRequestError && error.code === 'PLATFORM_LEASE_LOST';
}

/** The connector is stopping (SIGTERM): the running task is given back, its acknowledged pages kept. */
export class ConnectorStoppingError extends LedgersyncError {
  constructor() {
    super('CONNECTOR_STOPPED', 'the connector stopped during the task; the task goes back to the queue and resumes behind its last acknowledged page');
  }
}
