import { AdapterServices, Clock, HttpClient, Logger, LogFields, SqlConnectionFactory, SqlConnectionOptions } from '@ledgersync/sdk';
import { PluginMessage } from '../rpc/protocol';

/** Fields must survive structured cloning: anything that does not is sent as its JSON (or its string). */
function cloneable(fields: LogFields | undefined): Record<string, unknown> | undefined {
  if (!fields) return undefined;
  try {
    return structuredClone(fields);
  } catch {
    try {
      return JSON.parse(JSON.stringify(fields)) as Record<string, unknown>;
    } catch {
      return { fields: String(fields) };
    }
  }
}

/** The plugin's logger: every line goes to the host, which redacts secrets and adds the plugin id. */
export function forwardingLogger(send: (message: PluginMessage) => void): Logger {
  const line = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, fields?: LogFields) => send({ t: 'log', level, message: String(message), fields: cloneable(fields) });
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

interface Destroyable {
  destroy(): Promise<void>;
}

/** Opens knex connections for the plugin and closes them all when it deactivates. */
class KnexConnectionFactory implements SqlConnectionFactory {
  private readonly open: Destroyable[] = [];

  create<TConnection = unknown>(options: SqlConnectionOptions): TConnection {
    // Loaded on first use: most plugins never open SQL connections.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const knex = require('knex') as (config: Record<string, unknown>) => Destroyable;
    const connection = knex({ client: options.client, connection: options.connection, pool: options.pool, useNullAsDefault: options.client === 'better-sqlite3' });
    this.open.push(connection);
    return connection as unknown as TConnection;
  }

  async destroyAll(): Promise<void> {
    await Promise.allSettled(this.open.splice(0).map((connection) => connection.destroy()));
  }
}

/**
 * The plugin's clock: the machine's, except during a call the host sent its source's time with
 * (a push), when it gives that time. Calls carrying a time are the host's pushes, made one at a time.
 */
export class PluginClock implements Clock {
  private sourceTime?: Date;

  now(): Date {
    return new Date(this.sourceTime ?? Date.now());
  }

  async during<T>(time: string | undefined, run: () => T | Promise<T>): Promise<T> {
    const parsed = time === undefined ? undefined : new Date(time);
    if (!parsed || Number.isNaN(parsed.getTime())) return run();
    const before = this.sourceTime;
    this.sourceTime = parsed;
    try {
      return await run();
    } finally {
      this.sourceTime = before;
    }
  }
}

export interface PluginServices extends AdapterServices {
  clock: PluginClock;
  sql: KnexConnectionFactory;
}

/**
 * The host services as they exist inside the plugin process: the logger forwards to the host, the clock is
 * the system clock (the host's source time during a push that carries one), HTTP is the global fetch, SQL goes through knex.
 */
export function pluginServices(send: (message: PluginMessage) => void): PluginServices {
  const clock = new PluginClock();
  const http: HttpClient = { fetch: (input, init) => fetch(input, init) };
  return { logger: forwardingLogger(send), clock, http, sql: new KnexConnectionFactory() };
}
