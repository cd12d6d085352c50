import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExtractionAdapter, Logger, Proposal, RecordedLedger } from '@ledgersync/sdk';
import { FileSourceProvider, RecordedLedgerAdapter } from '@ledgersync/example-recorded-ledger';
import { LedgerPlay, materialise, playOf } from '../../../src/orchestration/demo/ledger-play';
import { createDiffEngine } from '../../../src/engine';
import { createPluginHost, PluginHost } from '../../../src/host';
import { Connector, ConnectorAdapter, ConnectorEvent, ConnectorOptions, hostAdapters } from '../../../src/orchestration';
import { ClientNotifier, ManualClock, Platform, PlatformOptions, PlatformServer, startPlatformServer, systemClock } from '../../../src/platform';
import { openStateStore, StateStore } from '../../../src/state';
import { TestDatabase } from '../../platform/support/databases';

export { LedgerPlay, materialise, playOf, truthAfterProposals } from '../../../src/orchestration/demo/ledger-play';

export interface HarnessOptions extends PlatformOptions {
  ledgers: RecordedLedger[];
  adapterVersion?: string;
  backfill?: ConnectorAdapter['backfill'];
  notifier?: ClientNotifier;
  connectorId?: string;
  /** Run the adapter through the plugin host (a worker thread) instead of in-process. */
  viaHost?: boolean;
  /** Operations per changeset page (default 7: small, so the public ledgers travel in several pages). */
  pageSize?: number;
  /** The connector's poll interval (default: the connector's, 10 minutes). */
  pollIntervalMs?: number;
  /** The platform runs on the wall clock instead of the harness's manual one (leases then expire in real time). */
  wallClock?: boolean;
  /** How often the connector extends its lease (default 1 s). */
  heartbeatMs?: number;
  /** Wraps each in-process adapter (to slow it down, say). */
  wrapAdapter?: (adapter: ExtractionAdapter) => ExtractionAdapter;
  /** Where the platform keeps its tables (default: a SQLite file). */
  platformDatabase?: TestDatabase;
}

const EXAMPLE_PLUGIN = join(__dirname, '..', '..', '..', '..', '..', 'examples', 'recorded-ledger-adapter');

/** A platform on SQLite behind a real HTTP server on loopback, and a connector with the recorded-ledger adapter. */
export class Harness {
  readonly clock: ManualClock;
  readonly events: ConnectorEvent[] = [];
  readonly plays: LedgerPlay[];
  platform!: Platform;
  server!: PlatformServer;
  connector!: Connector;
  store!: StateStore;
  host?: PluginHost;
  /** What the plugin host logged (an unsigned example plugin is loaded with a warning, in development mode). */
  readonly hostLogLines: string[] = [];
  private readonly hostLog: Logger = {
    debug: (message) => this.hostLogLines.push(`debug ${message}`),
    info: (message) => this.hostLogLines.push(`info ${message}`),
    warn: (message) => this.hostLogLines.push(`warn ${message}`),
    error: (message) => this.hostLogLines.push(`error ${message}`),
  };
  private readonly directory = mkdtempSync(join(tmpdir(), 'ls-orchestration-'));
  /** The connector's state store: a SQLite file next to it, as in an office. */
  readonly stateDbPath = join(this.directory, 'state.db');
  readonly platformDbPath = join(this.directory, 'platform.db');
  /** The connector's credential, issued by the harness as an operator would. */
  credential!: string;
  /** An accountant's API token, for `call`. */
  accountantToken!: string;

  get connectorId(): string {
    return this.options.connectorId ?? 'office-1';
  }

  constructor(private readonly options: HarnessOptions) {
    this.clock = options.clock instanceof ManualClock ? options.clock : new ManualClock('2025-01-31T12:00:00Z');
    this.plays = options.ledgers.map(playOf);
  }

  async start(): Promise<this> {
    const platformOptions = { ...this.options, clock: this.options.wallClock ? systemClock : this.clock };
    this.platform = this.options.platformDatabase
      ? await Platform.on((await this.options.platformDatabase.open()).db, platformOptions)
      : await Platform.open({ client: 'sqlite', filename: this.platformDbPath }, platformOptions);
    this.server = await startPlatformServer(this.platform);
    // the operator's steps: the connector's credential, its dossiers, an accountant's API token
    this.credential = await this.platform.connectors.issue(this.connectorId);
    await this.platform.connectors.assign(this.connectorId, this.plays.map((play) => play.ledger.dossier.id));
    await this.platform.accountants.add('accountant', 'a harness password');
    this.accountantToken = await this.platform.accountants.issueToken('accountant');
    for (const play of this.plays) materialise(play, 0);
    this.store = await openStateStore({ client: 'sqlite', filename: this.stateDbPath });
    if (this.options.viaHost) {
      // The operator's grant: the source files the plugin reads and writes proposals back into.
      const sources = this.plays.map((play) => play.fixture.directory);
      const permissions = { 'recorded-ledger': { readPaths: sources, writePaths: sources } };
      this.host = await createPluginHost({ pluginFolders: [EXAMPLE_PLUGIN], stateFile: join(this.directory, 'plugins.json'), logger: this.hostLog, permissions });
      const adapters = await hostAdapters(this.host, this.plays.map((play) => ({ adapterId: 'recorded-ledger', configuration: { sourceFile: play.fixture.path } })));
      this.connector = new Connector({ ...this.connectorOptions(), adapters });
    } else this.connector = this.newConnector(this.options.adapterVersion ?? '1.0.0', this.options.backfill);
    await this.connector.register();
    return this;
  }

  newConnector(version: string, backfill?: ConnectorAdapter['backfill']): Connector {
    return new Connector({
      ...this.connectorOptions(),
      adapters: this.plays.map((play) => {
        const adapter = new RecordedLedgerAdapter(new FileSourceProvider(play.fixture.path));
        return { id: 'recorded-ledger', version, backfill, adapter: this.options.wrapAdapter?.(adapter) ?? adapter };
      }),
    });
  }

  private connectorOptions(): Omit<ConnectorOptions, 'adapters'> {
    return {
      connectorId: this.connectorId,
      credential: this.credential,
      platformUrl: this.server.url,
      engine: createDiffEngine({ store: this.store }),
      pageSize: this.options.pageSize ?? 7,
      pollIntervalMs: this.options.pollIntervalMs,
      heartbeatMs: this.options.heartbeatMs ?? 1_000,
      client: { retryBaseMs: 20, timeoutMs: 5_000 },
      onEvent: (event) => this.events.push(event),
    };
  }

  async stop(): Promise<void> {
    await this.connector?.stop();
    await this.host?.close();
    await this.server?.close();
    await this.platform?.close();
    await this.options.platformDatabase?.drop();
    await this.store?.close();
    for (const play of this.plays) play.fixture.dispose();
    rmSync(this.directory, { recursive: true, force: true });
  }

  /** Accountant calls, over HTTP like the platform's screens. */
  async call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const headers = { authorization: `Bearer ${this.accountantToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
    const response = await fetch(new URL(path, this.server.url), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as T };
  }

  proposalsOf(index: number, play = this.plays[0]): Proposal[] {
    return play.steps[index].step.proposals ?? [];
  }
}
