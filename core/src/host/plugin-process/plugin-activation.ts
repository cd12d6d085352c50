import { AdapterFactory, Disposable, ExtractionAdapter, HostServices, PluginContext, PluginModule } from '@ledgersync/sdk';
import { container as globalContainer } from 'tsyringe';
import { PluginGlobalRegistrationError } from '../errors';
import { PluginProcessData, PluginMessage } from '../rpc/protocol';
import { GlobalRegistrationGuard } from './global-guard';
import { pluginServices, PluginServices } from './services';

/** Methods of the extraction contract a plugin may leave out; the host proxy offers only those present. */
const OPTIONAL_METHODS = ['keys', 'digests', 'deletedSince', 'push', 'probe'] as const;

export interface CreatedInstance {
  instance: number;
  capabilities: unknown;
  methods: string[];
}

/** The one plugin this process runs: its module, context, adapter factories and instances. */
export class PluginActivation {
  private module?: PluginModule;
  private context?: PluginContext;
  private readonly factories = new Map<string, AdapterFactory>();
  private readonly instances = new Map<number, ExtractionAdapter>();
  private nextInstance = 1;
  private readonly guard = new GlobalRegistrationGuard();
  private readonly services: PluginServices;

  constructor(private readonly data: PluginProcessData, send: (message: PluginMessage) => void) {
    this.services = pluginServices(send);
  }

  async activate(): Promise<{ adapters: string[] }> {
    this.guard.install(this.data.dir);
    // Host services in the parent, the plugin's own registrations in its child (as VS Code scopes per extension).
    const parent = globalContainer.createChildContainer();
    parent.register(HostServices.Logger, { useValue: this.services.logger });
    parent.register(HostServices.Clock, { useValue: this.services.clock });
    parent.register(HostServices.HttpClient, { useValue: this.services.http });
    parent.register(HostServices.SqlConnectionFactory, { useValue: this.services.sql });
    const own = parent.createChildContainer();
    const factories = this.factories;
    this.context = {
      pluginId: this.data.pluginId,
      subscriptions: [],
      logger: this.services.logger,
      container: own,
      registerAdapter(adapterId: string, factory: AdapterFactory): Disposable {
        factories.set(adapterId, factory);
        return { dispose: () => void factories.delete(adapterId) };
      },
    };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.module = require(this.data.main) as PluginModule;
    if (typeof this.module?.activate !== 'function') throw new TypeError(`${this.data.main} does not export activate(context)`);
    await this.module.activate(this.context);
    this.refuseGlobalRegistrations();
    return { adapters: [...this.factories.keys()] };
  }

  async create(adapterId: string, configuration: Record<string, unknown>): Promise<CreatedInstance> {
    const factory = this.factories.get(adapterId);
    if (!factory) throw new TypeError(`activate() did not register adapter ${adapterId} (context.registerAdapter)`);
    const adapter = await factory(Object.freeze(configuration), this.services);
    this.refuseGlobalRegistrations();
    const instance = this.nextInstance++;
    this.instances.set(instance, adapter);
    const methods = OPTIONAL_METHODS.filter((method) => typeof adapter[method] === 'function');
    return { instance, capabilities: await adapter.capabilities(), methods };
  }

  adapter(instance: number): ExtractionAdapter {
    const adapter = this.instances.get(instance);
    if (!adapter) throw new TypeError(`adapter instance ${instance} is closed`);
    return adapter;
  }

  /** `now`: the host's source time for this call (a push during a conformance step), which the plugin's clock gives meanwhile. */
  async invoke(instance: number, method: string, args: unknown[], now?: string): Promise<unknown> {
    const adapter = this.adapter(instance) as unknown as Record<string, (...a: unknown[]) => unknown>;
    if (typeof adapter[method] !== 'function') throw new TypeError(`adapter has no method ${method}`);
    const result = await this.services.clock.during(now, () => adapter[method](...args));
    if (method === 'close') this.instances.delete(instance);
    return result;
  }

  open(instance: number, method: string, args: unknown[]): AsyncIterator<unknown> {
    const adapter = this.adapter(instance) as unknown as Record<string, (...a: unknown[]) => AsyncIterable<unknown>>;
    if (typeof adapter[method] !== 'function') throw new TypeError(`adapter has no method ${method}`);
    return adapter[method](...args)[Symbol.asyncIterator]();
  }

  /** `deactivate()` gets its budget; then the subscriptions are disposed whatever it did, and SQL connections closed. */
  async deactivate(): Promise<void> {
    await Promise.allSettled([...this.instances.values()].map((adapter) => adapter.close()));
    this.instances.clear();
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.data.deactivateTimeoutMs)));
    await Promise.race([Promise.resolve().then(() => this.module?.deactivate?.()).catch(() => undefined), budget]);
    clearTimeout(timer);
    for (const subscription of this.context?.subscriptions.splice(0) ?? []) {
      try {
        await subscription.dispose();
      } catch {
        // one failing disposable does not keep the others alive
      }
    }
    await this.services.sql.destroyAll();
  }

  private refuseGlobalRegistrations(): void {
    const tokens = this.guard.registered();
    if (tokens.length > 0) throw new PluginGlobalRegistrationError(this.data.pluginId, tokens);
  }
}
