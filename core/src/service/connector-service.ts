import { Logger } from 'pino';
import { createDiffEngine } from '../engine';
import { createPluginHost, PluginHost } from '../host';
import { Connector, ConnectorEvent } from '../orchestration/connector';
import { hostAdapters } from '../orchestration/host-adapters';
import { openStateStore, StateStore } from '../state';
import { readServiceConfig, ServiceConfig } from './config';
import { sdkLogger, serviceLogger } from './logger';
import { ServiceStoppedError } from './errors';
import { ServiceStatus, writeStatus } from './status-file';
import { TaskProgress } from './task-progress';

/** One configuration's running parts: stopped together, replaced together on reload. */
interface Running {
  config: ServiceConfig;
  store: StateStore;
  host: PluginHost;
  connector: Connector;
}

/**
 * `ledgersync connector run`: the office's long-running connector, built from its configuration
 * file on the existing pieces (plugin host, diff engine, state store, Connector). `reload` (SIGHUP)
 * reads the file again and swaps the running parts only when the new one is valid; `stop`
 * (SIGTERM) ends the running task behind its current page and gives its lease back.
 */
export class ConnectorService {
  private running?: Running;
  private stopping = false;
  private status?: ServiceStatus;
  private secrets: string[] = [];
  readonly log: Logger;

  /** `progress`: the running task's pages shown beside the logs (`connector run`: on stderr). */
  constructor(private readonly configFile: string, destination?: NodeJS.WritableStream, private readonly progress?: TaskProgress) {
    const config = readServiceConfig(configFile);
    this.secrets = config.secretValues;
    this.log = serviceLogger(config.logLevel, () => this.secrets, destination);
    this.pending = config;
  }

  private pending?: ServiceConfig;

  async start(): Promise<void> {
    const config = this.pending ?? readServiceConfig(this.configFile);
    this.pending = undefined;
    this.running = await this.launch(config);
    // stopped while it was starting (SIGTERM during registration): stop what just started
    if (this.stopping) await this.halt();
  }

  /** Re-reads the file; a bad file is logged and the running configuration kept. */
  async reload(): Promise<boolean> {
    let config: ServiceConfig;
    try {
      config = readServiceConfig(this.configFile);
    } catch (error) {
      this.log.error({ code: (error as { code?: string }).code }, `configuration not reloaded: ${(error as Error).message}`);
      return false;
    }
    this.log.info({ file: config.file }, 'reloading configuration');
    await this.halt();
    this.secrets = [...new Set([...this.secrets, ...config.secretValues])];
    this.log.level = config.logLevel;
    this.running = await this.launch(config);
    return true;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.halt();
    if (this.status) this.setStatus({ state: 'stopped', task: undefined });
    this.log.info('stopped');
  }

  private async launch(config: ServiceConfig): Promise<Running> {
    this.statusFolder = config.stateFolder;
    this.status = {
      pid: process.pid,
      connectorId: config.connectorId,
      state: 'starting',
      since: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
      configFile: config.file,
      platformUrl: config.platformUrl,
      dossiers: [],
    };
    this.setStatus({});
    const store = await openStateStore(config.stateDatabase);
    let host: PluginHost | undefined;
    try {
      host = await createPluginHost({ ...config.host, logger: sdkLogger(this.log.child({ part: 'plugin-host' })) });
      const connector = new Connector({
        connectorId: config.connectorId,
        credential: config.credential,
        platformUrl: config.platformUrl,
        engine: createDiffEngine({ store }),
        adapters: await hostAdapters(host, config.connections),
        pollIntervalMs: config.pollIntervalMs,
        heartbeatMs: config.heartbeatMs,
        pageSize: config.pageSize,
        onEvent: (event) => this.onEvent(event),
      });
      await this.registerWithRetry(connector);
      connector.start();
      this.setStatus({ state: 'idle' });
      this.log.info({ connectorId: config.connectorId, platform: config.platformUrl, connections: config.connections.length, pollIntervalMs: config.pollIntervalMs }, 'started');
      return { config, store, host, connector };
    } catch (error) {
      await host?.close();
      await store.close();
      this.setStatus({ state: error instanceof ServiceStoppedError ? 'stopped' : 'failed' });
      throw error;
    }
  }

  /** The platform may be down when the office server boots: keep trying, a poll interval apart. */
  private async registerWithRetry(connector: Connector): Promise<void> {
    for (;;) {
      if (this.stopping) throw new ServiceStoppedError();
      try {
        await connector.register();
        return;
      } catch (error) {
        const code = (error as { code?: string }).code ?? 'CONNECTOR_REGISTRATION_FAILED';
        // a refused credential will not get better by waiting: stop and say so
        if (code === 'PLATFORM_UNAUTHORIZED' || code === 'PLATFORM_FORBIDDEN') throw error;
        this.log.warn({ code }, `registration failed, retrying: ${(error as Error).message}`);
        this.setStatus({ lastPollError: { code, message: (error as Error).message, at: new Date().toISOString() } });
        await new Promise((resolve) => setTimeout(resolve, Math.min(connector.pollIntervalMs, 30_000)));
      }
    }
  }

  private async halt(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    this.setStatus({ state: 'stopping' });
    await running.connector.stop();
    await running.host.close();
    await running.store.close();
  }

  private onEvent(event: ConnectorEvent): void {
    this.progress?.event(event);
    const task = 'task' in event ? { taskId: event.task.id, dossierId: event.task.dossierId, kind: event.task.kind } : {};
    const at = new Date().toISOString();
    switch (event.type) {
      case 'registered':
        this.log.info({ dossiers: event.dossiers, refused: event.refused, backfill: event.backfill.length }, 'registered');
        this.setStatus({ dossiers: event.dossiers });
        if (event.refused.length > 0) this.log.warn({ refused: event.refused }, 'dossiers not assigned to this connector are not served');
        break;
      case 'claimed':
        this.log.info(task, 'task claimed');
        this.setStatus({ state: 'syncing', task: { id: event.task.id, dossierId: event.task.dossierId, kind: event.task.kind, pages: 0, operations: 0 } });
        break;
      case 'page': {
        const current = this.status?.task;
        this.log.debug({ ...task, sequence: event.page.sequence, operations: event.page.operations.length, applied: event.ack.applied }, 'page sent');
        if (current) this.setStatus({ task: { ...current, pages: current.pages + 1, operations: current.operations + event.page.operations.length } });
        break;
      }
      case 'succeeded':
        this.log.info({ ...task, counts: event.task.counts, outcome: event.task.outcome }, 'task succeeded');
        this.setStatus({ state: 'idle', task: undefined, lastTask: { id: event.task.id, dossierId: event.task.dossierId, state: 'succeeded', outcome: event.task.outcome ?? undefined, at } });
        break;
      case 'failed':
        this.log.error({ ...task, code: event.error.code, retryable: event.error.retryable }, `task failed: ${event.error.message}`);
        this.setStatus({ state: 'idle', task: undefined, lastTask: { id: event.task.id, dossierId: event.task.dossierId, state: 'failed', error: `${event.error.code}: ${event.error.message}`, at } });
        break;
      case 'lease-lost':
        this.log.warn(task, 'lease lost: the platform gave the task to another run');
        this.setStatus({ state: 'idle', task: undefined });
        break;
      case 'released':
        this.log.info(task, 'task given back (stopping)');
        this.setStatus({ task: undefined, lastTask: { id: event.task.id, dossierId: event.task.dossierId, state: 'released', at } });
        break;
      case 'poll-failed':
        this.log.warn({ code: event.error.code }, `poll failed: ${event.error.message}`);
        this.setStatus({ lastPollError: { ...event.error, at } });
        break;
    }
  }

  private setStatus(change: Partial<ServiceStatus>): void {
    if (!this.status) return;
    this.status = { ...this.status, ...change, updatedAt: new Date().toISOString() };
    if (!this.statusFolder) return;
    try {
      writeStatus(this.statusFolder, this.status);
    } catch (error) {
      this.log.warn({ code: (error as NodeJS.ErrnoException).code }, 'status file not written');
    }
  }

  private statusFolder?: string;
}
