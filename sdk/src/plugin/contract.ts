import type { DependencyContainer } from 'tsyringe';
import { ExtractionAdapter } from '../extraction/contract';

/** Something that holds resources; the host calls `dispose` when the plugin deactivates. Modelled on VS Code's `Disposable`. */
export interface Disposable {
  dispose(): void | Promise<void>;
}

export type LogFields = Record<string, unknown>;

/** Structured logger. Fields named in a configuration schema as secret are redacted by the host. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** The host's clock; tests move it. */
export interface Clock {
  now(): Date;
}

/** The host's HTTP client (global `fetch` semantics), so that the host can trace, proxy and time out calls. */
export interface HttpClient {
  fetch(input: string | URL, init?: RequestInit): Promise<Response>;
}

/** Options of a SQL connection the host opens (and closes when the plugin deactivates). */
export interface SqlConnectionOptions {
  client: 'mysql2' | 'mssql' | 'better-sqlite3';
  connection: Record<string, unknown>;
  pool?: { min?: number; max?: number };
}

/** Opens knex connections on the plugin's behalf. Typed loosely so the SDK does not depend on knex: `create<Knex>(…)`. */
export interface SqlConnectionFactory {
  create<TConnection = unknown>(options: SqlConnectionOptions): TConnection;
}

/** Tokens of the host services registered in the parent container, resolvable from `context.container`. */
export const HostServices = Object.freeze({
  Logger: Symbol.for('ledgersync.Logger'),
  Clock: Symbol.for('ledgersync.Clock'),
  HttpClient: Symbol.for('ledgersync.HttpClient'),
  SqlConnectionFactory: Symbol.for('ledgersync.SqlConnectionFactory'),
});

/** What an adapter factory gets besides its configuration. */
export interface AdapterServices {
  logger: Logger;
  clock: Clock;
  http: HttpClient;
  sql: SqlConnectionFactory;
}

/**
 * Makes one adapter instance for one configured connection. `configuration` has been validated
 * against the adapter's configuration schema, with secret references resolved to their values:
 * never log it, never put it in an error.
 */
export type AdapterFactory = (configuration: Readonly<Record<string, unknown>>, services: AdapterServices) => ExtractionAdapter | Promise<ExtractionAdapter>;

/** Given to `activate`: the plugin's window onto the host. */
export interface PluginContext {
  /** The plugin's id (its manifest's `ledgersync.id`). */
  readonly pluginId: string;
  /** Disposed by the host when the plugin deactivates (after `deactivate()`, or when it overruns its budget). */
  readonly subscriptions: Disposable[];
  readonly logger: Logger;
  /**
   * The plugin's own child container (tsyringe). Host services (see {@link HostServices}) resolve
   * from its parent. Register your services here, never in tsyringe's global `container`, and never
   * with `@singleton()` (which registers globally): globals leak between plugins, and the host refuses
   * a plugin that adds any.
   */
  readonly container: DependencyContainer;
  /** Makes an adapter contributed in the manifest available to the host. */
  registerAdapter(adapterId: string, factory: AdapterFactory): Disposable;
}

/** What a plugin's `main` module exports. */
export interface PluginModule {
  activate(context: PluginContext): void | Promise<void>;
  /** Gets 5 seconds; afterwards the host disposes `context.subscriptions` itself. */
  deactivate?(): void | Promise<void>;
}
