import { AdapterConfigurationError } from '@ledgersync/sdk';
import { CompanyTables } from './identifiers';

/** A connection's configuration, validated (see the manifest's configuration schema in package.json). */
export interface BusinessCentralConfig {
  server: string;
  port: number;
  database: string;
  user: string;
  password: string;
  encrypt: boolean;
  trustServerCertificate: boolean;
  tables: CompanyTables;
  /** Counterparty ids `C:<No_>` / `V:<No_>` (default), or the plain numbers when the number series never collide. */
  prefixCounterpartyIds: boolean;
  /** G/L account numbers whose lines can be matched; absent: the posting groups' receivables and payables accounts. */
  reconcilableAccounts?: readonly string[];
  /** Records a read page holds (keyset paging, so memory stays bounded). */
  pageSize: number;
  /** Read G/L Entry's `Source Currency Code` / `Source Currency Amount` (BC 2x); false for older databases. */
  sourceCurrency: boolean;
}

function text(configuration: Readonly<Record<string, unknown>>, field: string, fallback?: string): string {
  const value = configuration[field] ?? fallback;
  if (typeof value !== 'string' || value === '') throw new AdapterConfigurationError(field, 'must be a non-empty string');
  return value;
}

function flag(configuration: Readonly<Record<string, unknown>>, field: string, fallback: boolean): boolean {
  const value = configuration[field] ?? fallback;
  if (typeof value !== 'boolean') throw new AdapterConfigurationError(field, 'must be true or false');
  return value;
}

function integer(configuration: Readonly<Record<string, unknown>>, field: string, fallback: number, min: number, max: number): number {
  const value = configuration[field] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw new AdapterConfigurationError(field, `must be an integer from ${min} to ${max}`);
  return value;
}

function accountList(value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === '' || item.length > 20)) {
    throw new AdapterConfigurationError('reconcilableAccounts', 'must be a list of G/L account numbers (1 to 20 characters each)');
  }
  return Object.freeze([...value]);
}

/** Checks a configuration; errors name the field, never a value (the password must not leak). */
export function parseConfiguration(configuration: Readonly<Record<string, unknown>>): BusinessCentralConfig {
  return {
    server: text(configuration, 'server'),
    port: integer(configuration, 'port', 1433, 1, 65535),
    database: text(configuration, 'database'),
    user: text(configuration, 'user'),
    password: text(configuration, 'password'),
    encrypt: flag(configuration, 'encrypt', true),
    trustServerCertificate: flag(configuration, 'trustServerCertificate', false),
    tables: new CompanyTables(configuration.company, configuration.appIdSuffix),
    prefixCounterpartyIds: flag(configuration, 'prefixCounterpartyIds', true),
    reconcilableAccounts: accountList(configuration.reconcilableAccounts),
    pageSize: integer(configuration, 'pageSize', 1000, 1, 100000),
    sourceCurrency: flag(configuration, 'sourceCurrency', true),
  };
}
