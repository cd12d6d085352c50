import { LedgersyncError } from '@ledgersync/sdk';

/**
 * Where a store keeps its tables. SQLite (a file next to the connector) is the embedded default;
 * MariaDB/MySQL and SQL Server are for installations that want a server.
 */
export type DatabaseConfig =
  | { client: 'sqlite'; filename: string }
  | { client: 'mysql'; url: string }
  | { client: 'mssql'; url: string };

export class DatabaseConfigError extends LedgersyncError {
  constructor(detail: string) {
    super('DATABASE_CONFIG_INVALID', detail);
  }
}

/** `sqlite:path`, `mysql://…`, `mariadb://…` or `mssql://…` into a config; errors never echo the password. */
export function parseDatabaseUrl(url: string): DatabaseConfig {
  if (url.startsWith('sqlite:')) return { client: 'sqlite', filename: url.slice('sqlite:'.length) || ':memory:' };
  const scheme = url.split(':', 1)[0];
  if (scheme === 'mysql' || scheme === 'mariadb') return { client: 'mysql', url: url.replace(/^mariadb:/, 'mysql:') };
  if (scheme === 'mssql' || scheme === 'sqlserver') return { client: 'mssql', url };
  throw new DatabaseConfigError(`unsupported database URL scheme ${JSON.stringify(scheme)} (sqlite:, mysql:, mariadb:, mssql:)`);
}

/** The URL with its password replaced, for logs and errors. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
