import 'reflect-metadata';
import { join, resolve } from 'node:path';
import { container } from 'tsyringe';
import { AdapterFactory, AdapterServices, Disposable, ExtractionAdapter, PluginContext, PluginModule } from '@ledgersync/sdk';
import { CaptureLogger } from './capture-logger';
import { validateConfiguration } from './configuration';
import { PluginUnderTest } from './plugin-under-test';
import { AdapterRuntime } from './runtime';

/**
 * Runs the adapter in the suite's own process: the plugin's `activate` gets a context of its own
 * (child container, capturing logger), as the host would give it, minus the isolation.
 */
export class InProcessRuntime implements AdapterRuntime {
  readonly kind = 'in-process' as const;
  private readonly logger = new CaptureLogger();
  private factory?: AdapterFactory;
  private readonly subscriptions: Disposable[] = [];
  private readonly opened = new Set<ExtractionAdapter>();
  /** The ledger's time during the current step; the machine's until the suite sets it. */
  private ledgerTime?: Date;

  constructor(private readonly plugin: PluginUnderTest, readonly note?: string) {
    this.factory = plugin.factory;
  }

  async open(configuration: Record<string, unknown>): Promise<ExtractionAdapter> {
    if (this.plugin.configurationSchema) validateConfiguration(this.plugin.configurationSchema, configuration);
    const factory = this.factory ?? (await this.activate());
    const services: AdapterServices = {
      logger: this.logger,
      clock: { now: () => new Date(this.ledgerTime ?? Date.now()) },
      http: { fetch: (input, init) => fetch(input, init) },
      sql: {
        create: () => {
          throw new Error('the conformance suite gives in-process adapters no SQL factory: open the connection in the adapter');
        },
      },
    };
    const adapter = await factory(Object.freeze({ ...configuration }), services);
    this.opened.add(adapter);
    return adapter;
  }

  async release(adapter: ExtractionAdapter): Promise<void> {
    if (!this.opened.delete(adapter)) return;
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
    const opened = [...this.opened];
    this.opened.clear();
    for (const adapter of opened) await adapter.close().catch(() => undefined);
    for (const subscription of this.subscriptions.splice(0)) await subscription.dispose();
  }

  private async activate(): Promise<AdapterFactory> {
    const dir = this.plugin.dir!;
    const main = resolve(dir, this.plugin.manifest?.main ?? 'index.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(main) as PluginModule;
    const factories = new Map<string, AdapterFactory>();
    const context: PluginContext = {
      pluginId: this.plugin.id,
      subscriptions: this.subscriptions,
      logger: this.logger,
      container: container.createChildContainer(),
      registerAdapter: (adapterId, factory) => {
        factories.set(adapterId, factory);
        return { dispose: () => void factories.delete(adapterId) };
      },
    };
    await module.activate(context);
    const factory = factories.get(this.plugin.adapterId);
    if (!factory) throw new Error(`${this.plugin.id}: activate() registered no adapter ${this.plugin.adapterId} (from ${join(dir, 'package.json')})`);
    this.factory = factory;
    return factory;
  }
}
