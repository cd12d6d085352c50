import { request as httpRequest } from 'node:http';
import { emptyLedgerState, replay, truthOf } from '@ledgersync/sdk';
import { ChangeOperation } from '../../../src/changeset/types';
import { Platform, PlatformServer, startPlatformServer, PlatformServerOptions } from '../../../src/platform';
import { openDatabase, PoolSize } from '../../../src/database';
import { TestDatabase } from '../support/databases';
import { publicLedgers } from '../support/ledgers';
import { operationsBetween } from '../support/state-diff';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: { error?: { code: string; message: string } } & Record<string, unknown>;
}

/** A request with every header under the test's control (fetch would not let a test forge Host). */
export function raw(server: PlatformServer, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawResponse> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const call = httpRequest({ host: url.hostname, port: url.port, method, path, headers: { host: url.host, ...headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => {
        let json = {};
        try {
          json = JSON.parse(text);
        } catch {
          /* a page, or nothing */
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
      });
    });
    call.on('error', reject);
    call.end(body);
  });
}

export const json = (credential?: string, extra: Record<string, string> = {}): Record<string, string> => ({
  'content-type': 'application/json',
  ...(credential ? { authorization: `Bearer ${credential}` } : {}),
  ...extra,
});

export const LEDGER = publicLedgers()[0];
export const DOSSIER = LEDGER.dossier.id;

/** The upserts that bring an empty platform to the ledger's first step. */
export function firstStepOperations(): ChangeOperation[] {
  return operationsBetween(emptyLedgerState(), truthOf(LEDGER, [...replay(LEDGER)][0]).state);
}

/** A platform behind its server, with connector `office` serving the ledger's dossier, `intruder` a connector with a credential of its own, and an accountant with an API token. */
export async function platformWithParties(database: TestDatabase, options: PlatformServerOptions = {}, pool?: PoolSize) {
  const opened = await database.open();
  // a pool of the test's size, when it asks (the server's pool: MariaDB's; SQLite's is always one connection)
  const db = pool ? (await opened.db.destroy(), openDatabase(opened.config, pool)) : opened.db;
  const platform = await Platform.on(db);
  const server = await startPlatformServer(platform, options);
  const office = await platform.connectors.issue('office');
  const intruder = await platform.connectors.issue('intruder');
  await platform.connectors.assign('office', [DOSSIER]);
  const registration = { connectorId: 'office', pollIntervalMs: 600_000, adapters: [{ id: 'recorded-ledger', version: '1.0.0' }], dossiers: [{ ...LEDGER.dossier, adapterId: 'recorded-ledger' }] };
  await platform.registerConnector(registration);
  await platform.accountants.add('anna', 'correct horse battery');
  const token = await platform.accountants.issueToken('anna');
  return { platform, server, office, intruder, token, registration };
}

/** Every platform table's rows, to show a request changed nothing. */
export async function snapshot(platform: Platform): Promise<string> {
  const tables = ['pf_dossiers', 'pf_tasks', 'pf_proposals', 'pf_records', 'pf_changesets', 'pf_applied_pages', 'pf_connectors', 'pf_dossier_assignments', 'pf_connector_credentials', 'pf_sessions', 'pf_api_tokens'];
  const rows: Record<string, unknown[]> = {};
  for (const table of tables) rows[table] = await platform.db(table).select();
  return JSON.stringify(rows);
}
