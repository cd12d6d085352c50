import { existsSync } from 'node:fs';
import { LedgersyncError } from '@ledgersync/sdk';
import { parseDatabaseUrl, redactUrl } from '../database';
import { Platform, PlatformOptions } from '../platform';

export class PlatformDatabaseError extends LedgersyncError {
  constructor(code: string, detail: string) {
    super(code, detail);
  }
}

/**
 * The platform's store named by `--database URL`. A SQLite file that does not exist is refused
 * unless `create` (a mistyped path must not quietly start an empty platform); a file that is not a
 * database is refused with its name, and nothing is left open.
 */
export async function openPlatformDatabase(url: string, options: { create?: boolean; platform?: PlatformOptions } = {}): Promise<Platform> {
  const config = parseDatabaseUrl(url);
  if (config.client === 'sqlite' && config.filename !== ':memory:' && !existsSync(config.filename) && !options.create) {
    throw new PlatformDatabaseError('PLATFORM_DATABASE_MISSING', `no platform database at ${config.filename} (check the path, or pass --create to make a new one)`);
  }
  try {
    return await Platform.open(config, options.platform);
  } catch (error) {
    const detail = config.client === 'sqlite' ? config.filename : redactUrl(url);
    throw new PlatformDatabaseError('PLATFORM_DATABASE_UNUSABLE', `${detail} is not a platform database ledgersync can open (${(error as { code?: string }).code ?? (error as Error).name})`);
  }
}
