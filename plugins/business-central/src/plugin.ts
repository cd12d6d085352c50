import { AdapterConnectionError, AdapterServices, LedgersyncError, PluginContext } from '@ledgersync/sdk';
import { Knex } from 'knex';
import { BusinessCentralAdapter } from './adapter';
import { ChangeTrackingLog } from './change-log';
import { BusinessCentralConfig, parseConfiguration } from './config';
import { SourceRow } from './sources';
import { FIRST_UTF8_COLLATION_VERSION, serverVersionQuery } from './sql/hashing';

export const ADAPTER_ID = 'business-central';

/** knex options for tedious; `useUTC` keeps BC's dates on their calendar day. */
export function connectionOptions(config: BusinessCentralConfig): Record<string, unknown> {
  return {
    server: config.server,
    port: config.port,
    database: config.database,
    user: config.user,
    password: config.password,
    // a digest over millions of G/L rows takes longer than knex's 15 s default
    requestTimeout: 600000,
    options: { encrypt: config.encrypt, trustServerCertificate: config.trustServerCertificate, useUTC: true },
  };
}

/** Opens the connection through the host, learns which tables are change-tracked, and returns the adapter. */
export async function createBusinessCentralAdapter(configuration: Readonly<Record<string, unknown>>, services: AdapterServices): Promise<BusinessCentralAdapter> {
  const config = parseConfiguration(configuration);
  const db = services.sql.create<Knex>({ client: 'mssql', connection: connectionOptions(config), pool: { min: 0, max: 2 } });
  try {
    const changeLog = await ChangeTrackingLog.detect(db, config.tables);
    const [version] = (await serverVersionQuery(db)) as SourceRow[];
    const utf8Collation = Number(version?.major) >= FIRST_UTF8_COLLATION_VERSION;
    services.logger.info('business-central adapter ready', { company: config.tables.company, changeTracking: changeLog.entities, utf8Collation });
    return new BusinessCentralAdapter(db, config, changeLog, { utf8Collation });
  } catch (error) {
    await db.destroy();
    if (error instanceof LedgersyncError) throw error;
    // tedious's messages name the server and login, never the password
    throw new AdapterConnectionError(`cannot query database ${config.database} on ${config.server}: ${(error as Error).message}`, undefined, { cause: error });
  }
}

/** Plugin entry point: the host calls it on `onAdapter:business-central`. */
export function activate(context: PluginContext): void {
  context.subscriptions.push(context.registerAdapter(ADAPTER_ID, createBusinessCentralAdapter));
}

export function deactivate(): void {
  // subscriptions are disposed by the host
}
