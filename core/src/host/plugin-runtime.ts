import { Logger } from '@ledgersync/sdk';
import { ChildProcess, fork } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { DiscoveredPlugin } from './discovery';
import { CrashReason, PluginCallError, PluginCrashedError, PluginUnresponsiveError } from './errors';
import { launchPlan, PluginPermissions } from './plugin-process/launch';
import type { CreatedInstance } from './plugin-process/plugin-activation';
import { ExitCause } from './plugin-process/exit-cause';
import { ResourceWatchdog } from './plugin-process/watchdog';
import { redactValues } from './redaction';
import { batchEncodingFromEnvironment } from './rpc/batch-codec';
import { PluginChannel } from './rpc/channel';
import { PluginMessage, PluginOperation } from './rpc/protocol';

export interface RuntimeLimits {
  /** No ack for this long: the plugin is reported unresponsive (logged, by name). */
  ackTimeoutMs: number;
  /** No ack for this long: the plugin's process is killed and its calls fail. */
  unresponsiveTimeoutMs: number;
  callTimeoutMs: number;
  deactivateTimeoutMs: number;
  /** V8 heap cap (--max-old-space-size). */
  memoryMb: number;
  /** Resident memory cap, Buffers and native memory included: the watchdog kills the process above it. */
  rssMb: number;
  /** Size cap of the plugin's scratch folder. */
  scratchMb: number;
  /** How often the watchdog looks at memory and scratch size. */
  watchdogIntervalMs: number;
  /** Records per stream batch. */
  batchSize: number;
  /** Batches a stream keeps asked for or waiting beyond the one the consumer is on (bounded memory: this × batchSize records). */
  batchesAhead: number;
  startTimeoutMs: number;
}

export interface RuntimeHooks {
  logger: Logger;
  /** Throws when the plugin may not start (quarantined, refused, its certificate no longer holds). */
  mayStart(): Promise<void>;
  activated(activationMs: number): void;
  crashed(error: PluginCrashedError): void;
}

export interface RuntimePlacement {
  /** The plugin's own writable folder, emptied at every start. */
  scratchDir: string;
  permissions?: PluginPermissions;
}

const ENTRY = join(__dirname, 'plugin-process', 'entry.js');

const LOG_LEVELS: ReadonlyArray<'debug' | 'info' | 'warn' | 'error'> = ['debug', 'info', 'warn', 'error'];

/** Every plugin process alive: killed when the host process exits, however it exits. */
const LIVE = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of LIVE) child.kill('SIGKILL');
});

/**
 * One plugin's isolated runtime: a child process under Node's permission model with an empty
 * environment, a heap cap and a resource watchdog, started on first use and again after a crash.
 * Whatever the plugin does — throw, hang, spin, exhaust memory, exit, kill itself — ends here as
 * an error of this plugin's calls.
 */
export class PluginRuntime {
  /** Increases with every start: adapter proxies re-create their instance when it changed. */
  generation = 0;
  activationMs?: number;
  private child?: ChildProcess;
  private channel?: PluginChannel;
  private starting?: Promise<void>;
  private readonly secrets = new Set<string>();

  constructor(readonly plugin: DiscoveredPlugin, private readonly limits: RuntimeLimits, private readonly placement: RuntimePlacement, private readonly hooks: RuntimeHooks) {}

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
    this.starting = this.hooks.mayStart().then(() => this.start()).finally(() => (this.starting = undefined));
    await this.starting;
    return this.generation;
  }

  async create(adapterId: string, configuration: Record<string, unknown>): Promise<CreatedInstance & { generation: number }> {
    const generation = await this.ensureActive();
    const created = (await this.call('create', [adapterId, configuration], `create ${adapterId}`)) as CreatedInstance;
    return { ...created, generation };
  }

  /** `now`: the source's time (ISO-8601) the plugin's clock gives during this call; the plugin process's own when absent. */
  invoke(instance: number, method: string, args: unknown[], now?: string): Promise<unknown> {
    return this.call('invoke', now === undefined ? [instance, method, args] : [instance, method, args, now], method);
  }

  stream(instance: number, method: string, args: unknown[]): AsyncIterableIterator<unknown> {
    if (!this.channel) throw this.crashError('exited', 'not running', method);
    return this.channel.stream(instance, method, args, { batchSize: this.limits.batchSize, batchesAhead: this.limits.batchesAhead }, this.limits.callTimeoutMs);
  }

  /** Calls `deactivate()` (its budget, then subscriptions are disposed in the plugin process), then ends the process. */
  async deactivate(): Promise<void> {
    if (this.starting) await this.starting.catch(() => undefined);
    const { child, channel } = this;
    if (!child || !channel) return;
    try {
      await channel.call('deactivate', [], 'deactivate', this.limits.deactivateTimeoutMs + 1000);
    } catch {
      // overran or crashed: terminating is all that is left
    }
    this.stop(child);
    channel.fail((method) => this.crashError('exited', 'deactivated', method));
  }

  private call(op: PluginOperation, args: unknown[], method: string): Promise<unknown> {
    if (!this.channel) return Promise.reject(this.crashError('exited', 'not running', method));
    return this.channel.call(op, args, method, this.limits.callTimeoutMs);
  }

  private async start(): Promise<void> {
    const began = performance.now();
    const { scratchDir } = this.placement;
    rmSync(scratchDir, { recursive: true, force: true });
    mkdirSync(scratchDir, { recursive: true });
    const plan = launchPlan(this.plugin.dir, scratchDir, this.limits.memoryMb, this.placement.permissions);
    // An empty environment: configuration and secrets arrive over IPC, for this plugin only.
    // stdout/stderr piped: what a plugin prints goes to the host's logger, attributed and redacted, never into a CLI's output.
    const child = fork(ENTRY, [], { execArgv: plan.execArgv, env: {}, cwd: scratchDir, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' });
    LIVE.add(child);
    const cause = new ExitCause();
    this.forwardOutput(child.stdout!, 'info', 'stdout');
    this.forwardOutput(child.stderr!, 'warn', 'stderr', (line) => cause.readStderr(line));
    this.generation += 1;
    this.child = child;
    const watchdog = new ResourceWatchdog(child.pid ?? 0, scratchDir, { rssMb: this.limits.rssMb, scratchMb: this.limits.scratchMb, intervalMs: this.limits.watchdogIntervalMs }, (found) => {
      cause.overran(found);
      child.kill('SIGKILL');
    });
    if (child.pid) watchdog.start();
    const channel = new PluginChannel((message) => void child.send(message), {
      pluginId: this.plugin.id,
      ackTimeoutMs: this.limits.ackTimeoutMs,
      unresponsiveTimeoutMs: this.limits.unresponsiveTimeoutMs,
      onLate: (method) => this.hooks.logger.warn('plugin unresponsive: its event loop is blocked', { plugin: this.plugin.id, method, ackTimeoutMs: this.limits.ackTimeoutMs }),
      onUnresponsive: (method) => this.unresponsive(child, method),
      onBusy: (busy) => this.setBusy(child, busy),
      redact: (text) => this.redact(text),
    });
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(this.crashError('failed to start', `no ready signal within ${this.limits.startTimeoutMs} ms`)), this.limits.startTimeoutMs);
      child.on('message', (message: PluginMessage) => {
        // The plugin's code can send anything on this channel: what the host cannot take ends the plugin, never the host.
        try {
          if (message.t === 'ready') {
            clearTimeout(timer);
            resolve();
          } else if (message.t === 'log') this.log(message);
          else channel.handle(message);
        } catch (error) {
          cause.protocolViolation((error as Error).message);
          child.kill('SIGKILL');
        }
      });
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(this.crashError('failed to start', this.redact(error.message)));
      });
      // 'close' comes after stdio has drained: the fatal line, if any, has been read.
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        watchdog.stop();
        LIVE.delete(child);
        const { reason, detail } = cause.of(code, signal, this.limits.memoryMb, (text) => this.redact(text));
        const crash = this.crashError(reason, detail);
        reject(crash);
        this.died(child, crash);
      });
    });
    child.send({ t: 'init', data: { pluginId: this.plugin.id, main: join(this.plugin.dir, this.plugin.manifest.main), dir: this.plugin.dir, deactivateTimeoutMs: this.limits.deactivateTimeoutMs, scratchDir, batchEncoding: batchEncodingFromEnvironment() } });
    try {
      await ready;
      this.channel = channel;
      await channel.call('activate', [], 'activate', this.limits.callTimeoutMs);
    } catch (error) {
      if (this.child !== child) throw error; // died: already reported
      this.stop(child);
      channel.fail((method) => this.crashError('exited', 'stopped after a failed activation', method));
      // A refusal (global registration) is the plugin's fault but not a crash; anything else counts as one.
      if (error instanceof PluginCallError && error.code === 'PLUGIN_GLOBAL_REGISTRATION') throw error;
      const crash = error instanceof PluginCrashedError ? error : this.crashError('activation failed', (error as Error).message);
      this.hooks.crashed(crash);
      throw crash;
    }
    this.setBusy(child, false);
    this.activationMs = performance.now() - began;
    this.hooks.activated(this.activationMs);
  }

  /** An idle plugin process does not keep the host's event loop alive; a busy one does. */
  private setBusy(child: ChildProcess, busy: boolean): void {
    const handles = [child, child.channel, child.stdout, child.stderr] as Array<{ ref?(): void; unref?(): void } | null | undefined>;
    for (const handle of handles) busy ? handle?.ref?.() : handle?.unref?.();
  }

  private unresponsive(child: ChildProcess, method: string): void {
    if (this.child !== child) return;
    const blockedMs = this.limits.unresponsiveTimeoutMs;
    const channel = this.channel;
    this.stop(child);
    channel?.fail((failed) => new PluginUnresponsiveError(this.plugin.id, blockedMs, failed));
    this.hooks.crashed(new PluginUnresponsiveError(this.plugin.id, blockedMs, method));
  }

  /** The process ended without being asked to (exit, signal, watchdog): every outstanding call fails with the reason. */
  private died(child: ChildProcess, crash: PluginCrashedError): void {
    if (this.child !== child) return;
    this.child = undefined;
    const channel = this.channel;
    this.channel = undefined;
    channel?.fail((method) => this.crashError(crash.reason, crash.detail, method));
    if (channel) this.hooks.crashed(crash);
  }

  /** Ends the process on purpose: its exit is not a crash. */
  private stop(child: ChildProcess): void {
    if (this.child === child) {
      this.child = undefined;
      this.channel = undefined;
    }
    child.kill('SIGKILL');
  }

  private crashError(reason: CrashReason, detail: string, method?: string): PluginCrashedError {
    return new PluginCrashedError(this.plugin.id, reason, detail, method);
  }

  /** Forwards a stream's lines to the logger; `consumed` takes the lines the runtime reads itself. */
  private forwardOutput(stream: Readable, level: 'info' | 'warn', name: string, consumed: (line: string) => boolean = () => false): void {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      if (!consumed(line)) this.log({ t: 'log', level, message: line, fields: { stream: name } });
    });
  }

  private log(message: Extract<PluginMessage, { t: 'log' }>): void {
    const level = LOG_LEVELS.includes(message.level) ? message.level : 'info';
    const fields = { ...(typeof message.fields === 'object' && message.fields !== null ? message.fields : {}), plugin: this.plugin.id };
    this.hooks.logger[level](this.redact(String(message.message)), redactValues(fields, this.secrets));
  }
}
