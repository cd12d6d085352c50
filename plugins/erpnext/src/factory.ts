import { Clock } from '@ledgersync/sdk';
import { ErpnextAdapter } from './adapter';
import { parseConfig } from './config';
import { openSite } from './connection';
import { readSchemaFacts } from './schema-facts';

const systemClock: Clock = { now: () => new Date() };

/** Checks the configuration, connects to the site and learns its schema: an adapter ready to read. */
export async function createErpnextAdapter(configuration: Readonly<Record<string, unknown>>, clock: Clock = systemClock): Promise<ErpnextAdapter> {
  const config = parseConfig(configuration);
  const db = await openSite(config);
  try {
    return new ErpnextAdapter(db, config, await readSchemaFacts(db), clock);
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
