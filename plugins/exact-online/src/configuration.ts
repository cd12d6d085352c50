import { AdapterConfigurationError } from '@ledgersync/sdk';

export interface ExactOnlineConfiguration {
  baseUrl: string;
  division: number;
  dossierId: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  dailyReserve: number;
}

export const DEFAULT_BASE_URL = 'https://start.exactonline.nl';

/**
 * Checks a connection's configuration. Errors name the field, never its value: two of these
 * fields are secrets.
 */
export function parseConfiguration(raw: Readonly<Record<string, unknown>>): ExactOnlineConfiguration {
  const text = (field: string, required: boolean): string | undefined => {
    const value = raw[field];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' || value.length === 0) throw new AdapterConfigurationError(field, required ? 'is required and must be a non-empty string' : 'must be a non-empty string');
    return value;
  };
  const baseUrl = (text('baseUrl', false) ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+$/.test(baseUrl)) throw new AdapterConfigurationError('baseUrl', 'must be an http(s) origin such as https://start.exactonline.nl');
  const division = raw.division;
  if (typeof division !== 'number' || !Number.isInteger(division) || division < 1) throw new AdapterConfigurationError('division', 'must be a positive integer (the division code)');
  const dailyReserve = raw.dailyReserve ?? 0;
  if (typeof dailyReserve !== 'number' || !Number.isInteger(dailyReserve) || dailyReserve < 0) throw new AdapterConfigurationError('dailyReserve', 'must be a non-negative integer');
  return {
    baseUrl,
    division,
    dossierId: text('dossierId', false) ?? String(division),
    clientId: text('clientId', true)!,
    clientSecret: text('clientSecret', true)!,
    refreshToken: text('refreshToken', true)!,
    dailyReserve,
  };
}
