import { Logger } from '@ledgersync/sdk';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { DiscoveredPlugin } from './discovery';
import { CrashReason, PluginCallError, PluginCrashedError, PluginUnresponsiveError } from './errors';
import { redactValues } from './redaction';
import { WorkerChannel } from './rpc/channel';
import { WorkerData, WorkerMessage, WorkerOperation } from './rpc/protocol';
import type { CreatedInstance } from './worker/plugin-activation';

export interface RuntimeLimits {
  /** No ack for this long: the plugin is reported unresponsive (logged, by name). */
  ackTimeoutMs: number;
  /** No ack for this long: the plugin's worker is terminated and its calls fail. */
  unresponsiveTimeoutMs: number;
  callTimeoutMs: number;
  deactivateTimeoutMs: number;
  memoryMb: number;
  batchSize: number;
  startTimeoutMs: number;
}

export interface RuntimeHooks {
  logger: Logger;
  /** Throws when the plugin may not start (quarantined, refused). */
  mayStart(): void;
  activated(activationMs: number): void;
  crashed(error: PluginCrashedError): void;
}

const WORKER_ENTRY = join(__dirname, 'worker', 'entry.js');

/** Environment variables plugins must not see: the env secret store's values. */
const HIDDEN_ENV = /^LEDGERSYNC_SECRET_/;

/**
 * One plugin's isolated runtime: a worker thread with a heap limit, started on first use and
 * again after a crash. Whatever the plugin does — throw, hang, spin, exhaust memory, exit — ends
 * here as an error of this plugin's calls.
 */
export class PluginRuntime {
  /** Increases with every start: adapter proxies re-create their instance when it changed. */
  generation = 0;
  activationMs?: number;
  private worker?: Worker;
  private channel?: WorkerChannel;
  private starting?: Promise<void>;
  private readonly secrets = new Set<string>();

  constructor(readonly plugin: DiscoveredPlugin, private readonly limits: RuntimeLimits, private readonly hooks: RuntimeHooks) {}

  get active(): boolean {
    return this.channel !== undefined && this.starting === undefined;
  }

  /** Registers secret values to scrub from the plugin's logs and errors. */
  addSecrets(values: readonly string[]): void {
    for (const value of values) if (value) this.secrets.add(value);
  }

  redact(text: string): string {
    return redactValues(text, this.secrets);
  }

  /** Starts and activates the plugin unless it runs; returns the generation that runs. */
  async ensureActive(): Promise<number> {
    if (this.starting) await this.starting;
    if (this.channel) return this.generation;
    this.hooks.mayStart();
    this.starting = this.start().finally(() => (this.starting = undefined));
    await this.starting;
    return this.generation;
  }

  async create(adapterId: string, configuration: Record<string, unknown>): Promise<CreatedInstance & { generation: number }> {
    const generation = await this.ensureActive();
    const created = (await this.call('create', [adapterId, configuration], `create ${adapterId}`)) as CreatedInstance;
    return { ...created, generation };
  }

  invoke(instance: number, method: string, args: unknown[]): Promise<unknown> {
    return this.call('invoke', [instance, method, args], method);
  }

  stream(instance: number, method: string, args: unknown[]): AsyncIterableIterator<unknown> {
    if (!this.channel) throw this.crashError('exited', 'not running', method);
    return this.channel.stream(instance, method, args, this.limits.batchSize, this.limits.callTimeoutMs);
  }

  /** Calls `deactivate()` (its budget, then subscriptions are disposed in the worker), then ends the worker. */
  async deactivate(): Promise<void> {
    if (this.starting) await this.starting.catch(() => undefined);
    const { worker, channel } = this;
    if (!worker || !channel) return;
    try {
      await channel.call('deactivate', [], 'deactivate', this.limits.deactivateTimeoutMs + 1000);
    } catch {
      // overran or crashed: terminating is all that is left
    }
    this.stop(worker);
    channel.fail((method) => this.crashError('exited', 'deactivated', method));
  }

  private call(op: WorkerOperation, args: unknown[], method: string): Promise<unknown> {
    if (!this.channel) return Promise.reject(this.crashError('exited', 'not running', method));
    return this.channel.call(op, args, method, this.limits.callTimeoutMs);
  }

  private async start(): Promise<void> {
    const began = performance.now();
    const data: WorkerData = { pluginId: this.plugin.id, main: join(this.plugin.dir, this.plugin.manifest.main), dir: this.plugin.dir, deactivateTimeoutMs: this.limits.deactivateTimeoutMs };
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !HIDDEN_ENV.test(name)));
    // stdout/stderr piped: what a plugin prints goes to the host's logger, attributed and redacted, never into a CLI's output.
    const worker = new Worker(WORKER_ENTRY, { workerData: data, env, stdout: true, stderr: true, resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb } });
    this.forwardOutput(worker.stdout, 'info', 'stdout');
    this.forwardOutput(worker.stderr, 'warn', 'stderr');
    this.generation += 1;
    this.worker = worker;
    const channel = new WorkerChannel(worker, {
      pluginId: this.plugin.id,
      ackTimeoutMs: this.limits.ackTimeoutMs,
      unresponsiveTimeoutMs: this.limits.unresponsiveTimeoutMs,
      onLate: (method) => this.hooks.logger.warn('plugin unresponsive: its event loop is blocked', { plugin: this.plugin.id, method, ackTimeoutMs: this.limits.ackTimeoutMs }),
      onUnresponsive: (method) => this.unresponsive(worker, method),
      onBusy: (busy) => (busy ? worker.ref() : worker.unref()),
      redact: (text) => this.redact(text),
    });
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(this.crashError('failed to start', `no ready signal within ${this.limits.startTimeoutMs} ms`)), this.limits.startTimeoutMs);
      worker.on('message', (message: WorkerMessage) => {
        if (message.t === 'ready') {
          clearTimeout(timer);
          resolve();
        } else if (message.t === 'log') this.log(message);
        else channel.handle(message);
      });
      worker.on('error', (error: Error & { code?: string }) => {
        clearTimeout(timer);
        const crash = error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? this.crashError('out of memory', `heap limit ${this.limits.memoryMb} MB`)
          : this.crashError('uncaught exception', this.redact(error.message));
        reject(crash);
        this.died(worker, crash);
      });
      worker.on('exit', (code) => {
        clearTimeout(timer);
        const crash = this.crashError('exited', `process.exit(${code})`);
        reject(crash);
        this.died(worker, crash);
      });
    });
    try {
      await ready;
      this.channel = channel;
      await channel.call('activate', [], 'activate', this.limits.callTimeoutMs);
    } catch (error) {
      if (this.worker !== worker) throw error; // died: already reported
      this.stop(worker);
      channel.fail((method) => this.crashError('exited', 'stopped after a failed activation', method));
      // A refusal (global registration) is the plugin's fault but not a crash; anything else counts as one.
      if (error instanceof PluginCallError && error.code === 'PLUGIN_GLOBAL_REGISTRATION') throw error;
      const crash = error instanceof PluginCrashedError ? error : this.crashError('activation failed', (error as Error).message);
      this.hooks.crashed(crash);
      throw crash;
    }
    this.activationMs = performance.now() - began;
    this.hooks.activated(this.activationMs);
  }

  private unresponsive(worker: Worker, method: string): void {
    if (this.worker !== worker) return;
    const blockedMs = this.limits.unresponsiveTimeoutMs;
    const channel = this.channel;
    this.stop(worker);
    channel?.fail((failed) => new PluginUnresponsiveError(this.plugin.id, blockedMs, failed));
    this.hooks.crashed(new PluginUnresponsiveError(this.plugin.id, blockedMs, method));
  }

  /** The worker ended without being asked to: every outstanding call fails with the reason. */
  private died(worker: Worker, crash: PluginCrashedError): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const channel = this.channel;
    this.channel = undefined;
    channel?.fail((method) => this.crashError(crash.reason, crash.detail, method));
    if (channel) this.hooks.crashed(crash);
  }

  /** Ends the worker on purpose: its exit is not a crash. */
  private stop(worker: Worker): void {
    if (this.worker === worker) {
      this.worker = undefined;
      this.channel = undefined;
    }
    void worker.terminate();
  }

  private crashError(reason: CrashReason, detail: string, method?: string): PluginCrashedError {
    return new PluginCrashedError(this.plugin.id, reason, detail, method);
  }

  private forwardOutput(stream: Readable, level: 'info' | 'warn', name: string): void {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => this.log({ t: 'log', level, message: line, fields: { stream: name } }));
  }

  private log(message: Extract<WorkerMessage, { t: 'log' }>): void {
    const fields = { ...(message.fields ?? {}), plugin: this.plugin.id };
    this.hooks.logger[message.level](this.redact(message.message), redactValues(fields, this.secrets));
  }
}
