import { ExtractionAdapter, Logger } from '@ledgersync/sdk';
import { tmpdir } from 'node:os';
import { CaptureLogger } from './capture-logger';
import { PluginUnderTest } from './plugin-under-test';
import { AdapterRuntime } from './runtime';

/** The parts of @ledgersync/core's plugin host the suite uses. */
export interface HostLike {
  adapter(adapterId: string, configuration: Readonly<Record<string, unknown>>): Promise<ExtractionAdapter>;
  list(): { id: string; dir: string; status: string; reason?: string }[];
  close(): Promise<void>;
}

export type CreateHost = (options: {
  pluginFolders: string[];
  logger: Logger;
  secrets: { description: string; get(name: string): Promise<string | undefined> };
  permissions?: Record<string, { nativeAddons?: boolean; readPaths?: string[]; writePaths?: string[] }>;
  /** The source's clock the host sends with each push (the ledger's time during the step). */
  sourceClock?: { now(): Date };
}) => Promise<HostLike>;

/**
 * Runs the adapter in the plugin host, isolated, as a connector would: the host checks the
 * manifest and the configuration, and the plugin runs in a runtime of its own. Secret fields go
 * to the host as references (`secret://…`) resolved from a store only the suite fills.
 */
export class HostRuntime implements AdapterRuntime {
  readonly kind = 'isolated' as const;
  readonly note = 'plugin host, process isolation';
  private readonly logger = new CaptureLogger();
  private readonly secretValues: Record<string, string> = {};
  private host?: HostLike;
  /** The ledger's time during the current step; the machine's until the suite sets it. */
  private ledgerTime?: Date;

  constructor(private readonly plugin: PluginUnderTest, private readonly createHost: CreateHost, private readonly ledgerPaths: string[] = []) {}

  async open(configuration: Record<string, unknown>): Promise<ExtractionAdapter> {
    const host = await this.started();
    const withReferences = { ...configuration };
    for (const field of this.plugin.secretFields) {
      if (typeof configuration[field] !== 'string') continue;
      const name = `conformance.${field}`;
      this.secretValues[name] = configuration[field] as string;
      withReferences[field] = `secret://${name}`;
    }
    return host.adapter(this.plugin.adapterId, withReferences);
  }

  async release(adapter: ExtractionAdapter): Promise<void> {
    await adapter.close();
  }

  setClock(marker: string): void {
    const time = new Date(marker);
    this.ledgerTime = Number.isNaN(time.getTime()) ? undefined : time;
  }

  logLines(): string[] {
    return this.logger.lines;
  }

  async close(): Promise<void> {
    await this.host?.close();
    this.host = undefined;
  }

  private async started(): Promise<HostLike> {
    if (this.host) return this.host;
    const values = this.secretValues;
    const host = await this.createHost({
      pluginFolders: [this.plugin.dir!],
      logger: this.logger,
      secrets: { description: 'conformance suite secrets', get: async (name) => values[name] },
      // As an operator would grant: the recorded ledgers to read, the fixture drivers' source files
      // (in the temp folder) to read and write back to (push), native addons (a SQLite driver) to load.
      permissions: { [this.plugin.id]: { readPaths: [tmpdir(), ...this.ledgerPaths], writePaths: [tmpdir()], nativeAddons: true } },
      // a booked proposal gets the step's time as its marker, as in-process (the plugin's process has only the machine's clock)
      sourceClock: { now: () => new Date(this.ledgerTime ?? Date.now()) },
    });
    const info = host.list().find((p) => p.id === this.plugin.id);
    if (!info || info.status === 'refused') {
      await host.close();
      throw new Error(`the plugin host refused ${this.plugin.id}: ${info?.reason ?? 'not discovered'}`);
    }
    this.host = host;
    return host;
  }
}
