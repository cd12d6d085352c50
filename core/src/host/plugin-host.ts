import { AdapterContribution, Clock, ExtractionAdapter, LEDGERSYNC_API_VERSION, LedgersyncError, Logger, secretFields } from '@ledgersync/sdk';
import { CertificateStatus, verifyCertificate } from '../certificates';
import { resolveConfiguration } from './configuration';
import { CrashPolicy, CrashTracker, DEFAULT_CRASH_POLICY } from './crash-tracker';
import { DiscoveredPlugin, discoverPlugins, DiscoverySources } from './discovery';
import { PluginCallError, PluginCrashedError, PluginError, PluginNotCertifiedError, PluginQuarantinedError, PluginRefusedError, UnknownAdapterError } from './errors';
import { stderrLogger } from './logger';
import { PluginPermissions } from './plugin-process/launch';
import { PluginRuntime, RuntimeLimits } from './plugin-runtime';
import { PluginStateStore } from './plugin-state';
import { redactConfiguration } from './redaction';
import { RemoteAdapter } from './remote-adapter';
import { EnvSecretStore, SecretStore } from './secrets';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PluginHostOptions extends DiscoverySources {
  /** The API version plugins' `engines.ledgersync` must admit (default: the SDK's). */
  hostVersion?: string;
  /** Load only plugins whose certificate is valid and signed by a trusted key. */
  certifiedOnly?: boolean;
  /** Ed25519 public keys (PEM) whose certificates this build trusts. */
  trustedKeys?: string[];
  /** Plugin ids admitted without a certificate even in certified-only mode. */
  allowUnsigned?: string[];
  /** Resolves `secret://<name>` references (default: environment variables LEDGERSYNC_SECRET_*). */
  secrets?: SecretStore;
  /**
   * Values scrubbed from every plugin's logs and errors besides the secrets its schema's fields
   * resolve: secrets the operator's configuration resolved before the host saw them (the connector
   * service's `{env}`/`{file}` references below a connection's top-level fields).
   */
  scrub?: readonly string[];
  logger?: Logger;
  /** The crash window's clock (tests move it). */
  clock?: Clock;
  /**
   * The source's clock, as adapters must see it when they book a proposal: its time goes with each
   * push call, and the plugin's `services.clock` gives it during that call. The conformance suite
   * sets the ledger's step time; without it, the plugin process's own clock (the machine's).
   */
  sourceClock?: Clock;
  /** A JSON file keeping quarantines, crash times and activation times between runs. */
  stateFile?: string;
  crashPolicy?: CrashPolicy;
  /**
   * The operator's limits. Defaults: ack 3 s (then reported), unresponsive 30 s (then killed), call
   * 60 s, deactivate 5 s, heap 256 MB, resident memory 512 MB, scratch 256 MB, 256 records a batch
   * and 3 batches read ahead, start 15 s. A manifest's `limits` may only lower heap and call timeout, never raise them.
   */
  limits?: Partial<RuntimeLimits>;
  /** What an operator grants a plugin beyond its own folder and scratch folder, by plugin id (native addons, more paths). */
  permissions?: Record<string, PluginPermissions>;
  /** Where each plugin's scratch folder (`<root>/<plugin id>`) is made (default: a folder in the system's temp folder). */
  scratchRoot?: string;
}

export type PluginStatus = 'loaded' | 'active' | 'quarantined' | 'refused';

/** One line of `ledgersync plugins list`. */
export interface PluginInfo {
  id: string;
  version?: string;
  engineRange?: string;
  dir: string;
  status: PluginStatus;
  /** Why refused or quarantined. */
  reason?: string;
  certificate: { status: CertificateStatus | 'not checked'; detail: string };
  adapters: string[];
  activationMs?: number;
  crashes: number;
}

/** The limits a host applies where the operator sets none (the isolation bench reads the stream window here). */
export const DEFAULT_LIMITS: Readonly<RuntimeLimits> = {
  ackTimeoutMs: 3000, unresponsiveTimeoutMs: 30_000, callTimeoutMs: 60_000, deactivateTimeoutMs: 5000,
  memoryMb: 256, rssMb: 512, scratchMb: 256, watchdogIntervalMs: 250, batchSize: 256, batchesAhead: 3, startTimeoutMs: 15_000,
};

interface Entry {
  plugin: DiscoveredPlugin;
  certificate: PluginInfo['certificate'];
  refused?: LedgersyncError;
  runtime: PluginRuntime;
}

/**
 * Loads adapter plugins the way VS Code loads extensions: manifests checked before any code runs,
 * code loaded on the first `onAdapter:<id>`, each plugin in a contained child process of its own.
 */
export class PluginHost {
  private readonly entries = new Map<string, Entry>();
  private readonly refusedCandidates: PluginInfo[] = [];
  private readonly logger: Logger;
  private readonly secrets: SecretStore;
  private readonly state: PluginStateStore;
  private readonly crashes: CrashTracker;
  private closed = false;
  private scratchRoot?: string;

  private constructor(private readonly options: PluginHostOptions) {
    this.logger = options.logger ?? stderrLogger();
    this.secrets = options.secrets ?? new EnvSecretStore();
    this.state = new PluginStateStore(options.stateFile);
    this.crashes = new CrashTracker(options.clock ?? { now: () => new Date() }, this.state, options.crashPolicy ?? DEFAULT_CRASH_POLICY);
  }

  /** Discovers and checks plugins (manifest, engine, certificate); loads no plugin code unless a plugin asks for `*`. */
  static async create(options: PluginHostOptions): Promise<PluginHost> {
    const host = new PluginHost(options);
    await host.load();
    return host;
  }

  /** Every plugin found, loadable or not, for `ledgersync plugins list`. */
  list(): PluginInfo[] {
    const loaded = [...this.entries.values()].map((entry) => this.info(entry));
    return [...loaded, ...this.refusedCandidates].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /**
   * An adapter for one connection: validates the configuration against the adapter's schema,
   * resolves its secret references, activates the plugin (`onAdapter:<id>`) if it is not running,
   * and returns a proxy that implements the extraction contract across the isolation boundary.
   */
  async adapter(adapterId: string, configuration: Readonly<Record<string, unknown>>): Promise<ExtractionAdapter> {
    const { entry, contribution } = this.contributionOf(adapterId);
    this.mayStart(entry.plugin.id);
    const resolved = await resolveConfiguration(entry.plugin.id, contribution, configuration, this.secrets);
    entry.runtime.addSecrets([...resolved.secretValues, ...(this.options.scrub ?? [])]);
    const created = await this.guarded(entry, () => entry.runtime.create(adapterId, resolved.values));
    return new RemoteAdapter(entry.runtime, adapterId, resolved.values, created, this.options.sourceClock);
  }

  /** Checks a connection's configuration (schema and secret references) without loading any plugin code. */
  async checkConfiguration(adapterId: string, configuration: Readonly<Record<string, unknown>>): Promise<void> {
    const { entry, contribution } = this.contributionOf(adapterId);
    await resolveConfiguration(entry.plugin.id, contribution, configuration, this.secrets);
  }

  /** A connection's configuration as it may be shown: secret fields as `***`. */
  redactedConfiguration(adapterId: string, configuration: Readonly<Record<string, unknown>>): Record<string, unknown> {
    return redactConfiguration(configuration, secretFields(this.contributionOf(adapterId).contribution.configuration));
  }

  /** Activates a plugin now (what `onAdapter:<id>` does on first use); returns the activation time in ms. */
  async activate(pluginId: string): Promise<number> {
    const entry = this.entries.get(pluginId);
    if (!entry) throw this.unknownPlugin(pluginId);
    await this.guarded(entry, () => entry.runtime.ensureActive());
    return entry.runtime.activationMs!;
  }

  /** An operator's decision: a quarantined plugin may start again. */
  reenable(pluginId: string): void {
    if (!this.entries.has(pluginId)) throw this.unknownPlugin(pluginId);
    this.crashes.reenable(pluginId);
    this.logger.info('plugin re-enabled', { plugin: pluginId });
  }

  /** Deactivates every running plugin (each gets its `deactivate()` budget) and ends their processes. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.entries.values()].map((entry) => entry.runtime.deactivate()));
    // scratch folders are the plugins' temporary files: gone with the host, unless the operator placed them
    if (this.scratchRoot && !this.options.scratchRoot) rmSync(this.scratchRoot, { recursive: true, force: true });
  }

  private async load(): Promise<void> {
    const hostVersion = this.options.hostVersion ?? LEDGERSYNC_API_VERSION;
    const { plugins, refused } = await discoverPlugins(this.options, hostVersion);
    for (const candidate of refused) {
      this.logger.error('plugin refused', { plugin: candidate.id, reason: candidate.error.message });
      this.refusedCandidates.push({
        id: candidate.id, version: candidate.version, engineRange: candidate.engineRange, dir: candidate.dir, status: 'refused',
        reason: candidate.error.message, certificate: { status: 'not checked', detail: 'refused before the certificate was read' }, adapters: candidate.adapters, crashes: 0,
      });
    }
    for (const plugin of plugins) {
      const entry: Entry = { plugin, certificate: await this.certificateOf(plugin), runtime: this.runtimeFor(plugin) };
      this.admit(entry);
      this.entries.set(plugin.id, entry);
    }
    for (const entry of this.entries.values()) {
      if (!entry.refused && entry.plugin.manifest.ledgersync.activationEvents.some((event) => event === '*' || event === 'onStartup')) {
        this.logger.warn('plugin activates at start-up (`*` is discouraged: use onAdapter:<id>)', { plugin: entry.plugin.id });
        await this.activate(entry.plugin.id).catch((error: Error) => this.logger.error('plugin failed to activate at start-up', { plugin: entry.plugin.id, reason: error.message }));
      }
    }
  }

  /** One plugin's certificate check; a failure to check (unreadable folder) concerns that plugin only. */
  private async certificateOf(plugin: DiscoveredPlugin): Promise<PluginInfo['certificate']> {
    try {
      const verified = await verifyCertificate(plugin.dir, this.options.trustedKeys ?? []);
      return { status: verified.status, detail: verified.detail };
    } catch (error) {
      return { status: 'invalid', detail: `cannot be checked: ${(error as Error).message}` };
    }
  }

  /** Certified-only mode: only valid certificates, or unsigned plugins on the allowlist. Development mode warns. */
  private admit(entry: Entry): void {
    const { id } = entry.plugin;
    const { status, detail } = entry.certificate;
    if (status === 'valid') return;
    const allowed = status === 'unsigned' && (this.options.allowUnsigned ?? []).includes(id);
    if (this.options.certifiedOnly && !allowed) {
      entry.refused = new PluginNotCertifiedError(id, status, detail);
      this.logger.error('plugin refused', { plugin: id, reason: entry.refused.message });
    } else {
      this.logger.warn(`loading a plugin whose certificate is ${status}`, { plugin: id, detail });
    }
  }

  /** Before every start and restart: the files on disk must still be the ones certified (code swapped after start is refused). */
  private async recheckCertificate(entry: Entry): Promise<void> {
    if (entry.certificate.status !== 'valid') return;
    const now = await this.certificateOf(entry.plugin);
    if (now.status === 'valid') return;
    entry.certificate = now;
    this.admit(entry);
  }

  /** The operator's limits; a manifest may only lower heap and call timeout. */
  private limitsFor(plugin: DiscoveredPlugin): RuntimeLimits {
    const limits = { ...DEFAULT_LIMITS, ...this.options.limits };
    const own = plugin.manifest.ledgersync.limits;
    if (own?.memoryMb) limits.memoryMb = Math.min(limits.memoryMb, own.memoryMb);
    if (own?.callTimeoutMs) limits.callTimeoutMs = Math.min(limits.callTimeoutMs, own.callTimeoutMs);
    return limits;
  }

  private scratchDirOf(pluginId: string): string {
    this.scratchRoot ??= this.options.scratchRoot ?? mkdtempSync(join(tmpdir(), 'ledgersync-plugins-'));
    return join(this.scratchRoot, pluginId.replace(/[^A-Za-z0-9._-]/g, '_'));
  }

  private runtimeFor(plugin: DiscoveredPlugin): PluginRuntime {
    const placement = { scratchDir: this.scratchDirOf(plugin.id), permissions: this.options.permissions?.[plugin.id] };
    return new PluginRuntime(plugin, this.limitsFor(plugin), placement, {
      logger: this.logger,
      mayStart: () => this.mayStartProcess(plugin.id),
      activated: (activationMs) => {
        this.state.put(plugin.id, { ...this.state.get(plugin.id), activationMs });
        this.logger.info('plugin activated', { plugin: plugin.id, activationMs: Math.round(activationMs) });
      },
      crashed: (error) => this.crashed(plugin.id, error),
    });
  }

  /** Before a process starts: the checks of {@link mayStart}, then the certificate again. */
  private async mayStartProcess(pluginId: string): Promise<void> {
    this.mayStart(pluginId);
    await this.recheckCertificate(this.entries.get(pluginId)!);
    this.mayStart(pluginId);
  }

  private mayStart(pluginId: string): void {
    if (this.closed) throw new PluginError('PLUGIN_HOST_CLOSED', pluginId, `${pluginId}: the plugin host is closed`);
    const entry = this.entries.get(pluginId)!;
    if (entry.refused) throw entry.refused;
    const quarantine = this.crashes.quarantined(pluginId);
    if (quarantine) throw new PluginQuarantinedError(pluginId, quarantine.reason);
  }

  private crashed(pluginId: string, error: PluginCrashedError): void {
    const reason = `${error.reason}${error.detail ? ` (${error.detail})` : ''}`;
    const quarantined = this.crashes.record(pluginId, reason);
    this.logger.error('plugin crashed', { plugin: pluginId, reason, method: error.method, crashes: this.crashes.crashes(pluginId) });
    if (quarantined) this.logger.error('plugin quarantined after repeated crashes', { plugin: pluginId, reason });
  }

  /** Runs a start-up step; a plugin caught registering globally is refused for good. */
  private async guarded<T>(entry: Entry, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (error instanceof PluginCallError && error.code === 'PLUGIN_GLOBAL_REGISTRATION') {
        entry.refused = new PluginRefusedError(entry.plugin.id, error.detail);
        this.logger.error('plugin refused', { plugin: entry.plugin.id, reason: error.detail });
        await entry.runtime.deactivate();
        throw new PluginRefusedError(entry.plugin.id, error.detail);
      }
      throw error;
    }
  }

  private contributionOf(adapterId: string): { entry: Entry; contribution: AdapterContribution } {
    for (const entry of this.entries.values()) {
      const contribution = entry.plugin.manifest.ledgersync.contributes.adapters.find((adapter) => adapter.id === adapterId);
      if (contribution) return { entry, contribution };
    }
    const refused = this.refusedCandidates.find((candidate) => candidate.adapters.includes(adapterId));
    if (refused) throw new PluginRefusedError(refused.id, refused.reason!);
    throw new UnknownAdapterError(adapterId);
  }

  private info(entry: Entry): PluginInfo {
    const { plugin, runtime } = entry;
    const quarantine = this.crashes.quarantined(plugin.id);
    const status: PluginStatus = entry.refused ? 'refused' : quarantine ? 'quarantined' : runtime.active ? 'active' : 'loaded';
    return {
      id: plugin.id,
      version: plugin.manifest.version,
      engineRange: plugin.manifest.engines.ledgersync,
      dir: plugin.dir,
      status,
      reason: entry.refused?.message ?? quarantine?.reason,
      certificate: entry.certificate,
      adapters: plugin.manifest.ledgersync.contributes.adapters.map((adapter) => adapter.id),
      activationMs: runtime.activationMs ?? this.state.get(plugin.id).activationMs,
      crashes: this.crashes.crashes(plugin.id),
    };
  }

  private unknownPlugin(pluginId: string): LedgersyncError {
    return new LedgersyncError('PLUGIN_UNKNOWN', `no plugin ${pluginId} was found (see ledgersync plugins list)`);
  }
}

/** Discovers and checks plugins; see {@link PluginHost}. */
export function createPluginHost(options: PluginHostOptions): Promise<PluginHost> {
  return PluginHost.create(options);
}
