import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copySnapshot, Entry, Proposal, ProposalNumbering, RecordedLedger, recordsOf, replay, ReplayedStep, validState, ValidatedState } from '@ledgersync/sdk';
import { FileSourceProvider, RecordedLedgerAdapter, SourceFileFixture } from '@ledgersync/example-recorded-ledger/dist/src/index';
import { createDiffEngine } from '../../../src/engine';
import { Connector, ConnectorAdapter, ConnectorEvent } from '../../../src/orchestration';
import { ClientNotifier, ManualClock, Platform, PlatformOptions, PlatformServer, startPlatformServer } from '../../../src/platform';
import { openStateStore, StateStore } from '../../../src/state';

/** How the recorded-ledger adapter numbers pushed proposals (`<journal>-P<n>`), so a replay agrees with it. */
export function adapterNumbering(): ProposalNumbering {
  let pushed = 0;
  return (proposal) => {
    pushed += 1;
    return { id: `${proposal.journalId}-P${pushed}`, number: `P${pushed}` };
  };
}

/** One dossier's history, step by step, with what the source must hold before the connector acts. */
export interface LedgerPlay {
  ledger: RecordedLedger;
  fixture: SourceFileFixture;
  steps: ReplayedStep[];
}

export function playOf(ledger: RecordedLedger): LedgerPlay {
  return { ledger, fixture: new SourceFileFixture(ledger), steps: [...replay(ledger, adapterNumbering())] };
}

/**
 * Writes the source as it is after `index`'s changes. Proposals are left out: the connector pushes
 * them through the adapter, which writes them into the source file as a package writes its database.
 */
export function materialise(play: LedgerPlay, index: number): void {
  const replayed = play.steps[index];
  if (replayed.pushed.length === 0) return play.fixture.materialise(replayed);
  const source = copySnapshot(replayed.source);
  for (const { entry } of replayed.pushed) source.entry.delete(entry.id);
  play.fixture.materialise({ ...replayed, source, pushed: [] });
}

/** What the platform must hold after a proposal step: the state before it, plus the entries the proposals became. */
export function truthAfterProposals(play: LedgerPlay, index: number, before: ReplayedStep | undefined): ValidatedState {
  const records = before ? recordsOf(before.source) : recordsOf(copySnapshot(play.steps[index].source));
  for (const { entry } of play.steps[index].pushed) records.entry.set(entry.id, entry as Entry);
  return validState(play.ledger.dossier.id, records);
}

export interface HarnessOptions extends PlatformOptions {
  ledgers: RecordedLedger[];
  adapterVersion?: string;
  backfill?: ConnectorAdapter['backfill'];
  notifier?: ClientNotifier;
  connectorId?: string;
}

/** A platform on SQLite behind a real HTTP server on loopback, and a connector with the recorded-ledger adapter. */
export class Harness {
  readonly clock: ManualClock;
  readonly events: ConnectorEvent[] = [];
  readonly plays: LedgerPlay[];
  platform!: Platform;
  server!: PlatformServer;
  connector!: Connector;
  store!: StateStore;
  private readonly directory = mkdtempSync(join(tmpdir(), 'ls-orchestration-'));
  /** The connector's state store: a SQLite file next to it, as in an office. */
  readonly stateDbPath = join(this.directory, 'state.db');
  readonly platformDbPath = join(this.directory, 'platform.db');

  constructor(private readonly options: HarnessOptions) {
    this.clock = options.clock instanceof ManualClock ? options.clock : new ManualClock('2025-01-31T12:00:00Z');
    this.plays = options.ledgers.map(playOf);
  }

  async start(): Promise<this> {
    this.platform = await Platform.open({ client: 'sqlite', filename: this.platformDbPath }, { ...this.options, clock: this.clock });
    this.server = await startPlatformServer(this.platform);
    for (const play of this.plays) materialise(play, 0);
    this.store = await openStateStore({ client: 'sqlite', filename: this.stateDbPath });
    this.connector = this.newConnector(this.options.adapterVersion ?? '1.0.0', this.options.backfill);
    await this.connector.register();
    return this;
  }

  newConnector(version: string, backfill?: ConnectorAdapter['backfill']): Connector {
    return new Connector({
      connectorId: this.options.connectorId ?? 'office-1',
      platformUrl: this.server.url,
      engine: createDiffEngine({ store: this.store }),
      adapters: this.plays.map((play) => ({ id: 'recorded-ledger', version, backfill, adapter: new RecordedLedgerAdapter(new FileSourceProvider(play.fixture.path)) })),
      pageSize: 7,
      heartbeatMs: 1_000,
      client: { retryBaseMs: 20, timeoutMs: 5_000 },
      onEvent: (event) => this.events.push(event),
    });
  }

  async stop(): Promise<void> {
    await this.connector?.stop();
    await this.server?.close();
    await this.platform?.close();
    await this.store?.close();
    for (const play of this.plays) play.fixture.dispose();
    rmSync(this.directory, { recursive: true, force: true });
  }

  /** Accountant calls, over HTTP like the platform's screens. */
  async call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(new URL(path, this.server.url), { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as T };
  }

  proposalsOf(index: number, play = this.plays[0]): Proposal[] {
    return play.steps[index].step.proposals ?? [];
  }
}
