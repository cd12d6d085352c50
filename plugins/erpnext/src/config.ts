import { AdapterConfigurationError } from '@ledgersync/sdk';

/** How customer and supplier names become counterparty ids. */
export type CounterpartyIdStyle = 'prefixed' | 'plain';

/** A validated connection configuration. `password` is a secret: never log it, never put it in an error. */
export interface ErpnextConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** Restricts the connection to one Company (one dossier); absent: every company is a dossier. */
  company?: string;
  /**
   * `prefixed` (default): `customer:<name>` / `supplier:<name>`, unique even when a customer and a
   * supplier share a name. `plain`: the Frappe names as they are, for sites whose naming series keep
   * them apart.
   */
  counterpartyIds: CounterpartyIdStyle;
  /** Rows per page of a listing (bounded memory). */
  pageSize: number;
  /** The site's URL (`https://erp.example.com`): push books through its REST API. Absent: no push. */
  url?: string;
  /** API key and secret of the user push books as (token auth). `apiSecret` is a secret: never logged. */
  apiKey?: string;
  apiSecret?: string;
}

/** Checks the raw configuration the host passes; errors name the field, never its value. */
export function parseConfig(raw: Readonly<Record<string, unknown>>): ErpnextConfig {
  const text = (field: string, required: boolean, fallback?: string): string | undefined => {
    const value = raw[field];
    if (value === undefined || value === null) {
      if (required && fallback === undefined) throw new AdapterConfigurationError(field, 'is required');
      return fallback;
    }
    if (typeof value !== 'string') throw new AdapterConfigurationError(field, 'must be a string');
    if (required && value === '' && field !== 'password') throw new AdapterConfigurationError(field, 'must not be empty');
    return value;
  };
  const port = raw.port ?? 3306;
  if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535) throw new AdapterConfigurationError('port', 'must be an integer from 1 to 65535');
  const pageSize = raw.pageSize ?? 500;
  if (!Number.isInteger(pageSize) || (pageSize as number) < 1 || (pageSize as number) > 10000) throw new AdapterConfigurationError('pageSize', 'must be an integer from 1 to 10000');
  const style = raw.counterpartyIds ?? 'prefixed';
  if (style !== 'prefixed' && style !== 'plain') throw new AdapterConfigurationError('counterpartyIds', 'must be "prefixed" or "plain"');
  const url = text('url', false);
  if (url !== undefined && !/^https?:\/\/[^/\s]+/.test(url)) throw new AdapterConfigurationError('url', 'must be an http(s) URL of the site');
  const apiKey = text('apiKey', false);
  const apiSecret = text('apiSecret', false);
  if (url !== undefined && (!apiKey || !apiSecret)) throw new AdapterConfigurationError(apiKey ? 'apiSecret' : 'apiKey', 'is required with url (push books through the REST API)');
  return {
    url,
    apiKey,
    apiSecret,
    host: text('host', true, '127.0.0.1')!,
    port: port as number,
    user: text('user', true)!,
    password: text('password', false, '')!,
    database: text('database', true)!,
    company: text('company', false),
    counterpartyIds: style,
    pageSize: pageSize as number,
  };
}
