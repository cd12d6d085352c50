import { join } from 'node:path';
import { canonicalJson, canonicalRecord, ENTITIES, LedgerRecord, Logger, LedgerState, periodContaining, Period, portalFigures, RecordedLedger, truthOf } from '@ledgersync/sdk';
import { FileSourceProvider, RecordedLedgerAdapter } from '@ledgersync/example-recorded-ledger';
import { createDiffEngine } from '../../engine';
import { newSecret } from '../../platform/access/secrets';
import { prepareDemoDirectory } from './demo-directory';
import { dayOf, ManualClock, monitoringSummary, MonitoringSummary, nightOf, openItems, Platform, platformState, PlatformServer, startPlatformServer, trialBalance } from '../../platform';
import { openStateStore } from '../../state';
import { createPluginHost } from '../../host';
import { Connector, ConnectorEvent } from '../connector';
import { hostAdapters } from '../host-adapters';
import { LedgerPlay, materialise, playOf, truthAfterProposals } from './ledger-play';
import { Progress } from '../../cli/progress';
import { nightAfter, scenarioOf, ScenarioStep } from './scenario';

export interface DemoOptions {
  /** Where the platform's and the connector's SQLite files go; emptied first (only a folder the demo created: see prepareDemoDirectory). */
  directory: string;
  ledgers: RecordedLedger[];
  progress: Progress;
  /** HTTP port of the platform on 127.0.0.1 (default: any free one). */
  port?: number;
  /** Run the adapter through the plugin host, in a contained child process, instead of in-process. */
  isolated?: boolean;
  /** The platform's request log (JSON lines) to stderr. */
  log?: boolean;
}

/** The recorded-ledger example plugin, found from this file's place in the repository. */
const EXAMPLE_PLUGIN = join(__dirname, '..', '..', '..', '..', '..', 'examples', 'recorded-ledger-adapter');

export interface DossierCheck {
  dossierId: string;
  name: string;
  equal: boolean;
  detail: string;
}

export interface DemoRun {
  platform: Platform;
  server: PlatformServer;
  summary: MonitoringSummary;
  checks: DossierCheck[];
  /** The demo accountant, to log in to the monitoring page (made up for this run only). */
  login: { userId: string; password: string };
  close(): Promise<void>;
}

/**
 * The main job: a platform (SQLite, HTTP on loopback) and a connector with the recorded-ledger
 * adapter, playing the ledgers night by night on a clock that jumps from one step to the next.
 */
export async function runDemo(options: DemoOptions): Promise<DemoRun> {
  prepareDemoDirectory(options.directory);
  const scenario = scenarioOf(options.ledgers);
  const clock = new ManualClock(new Date(Date.parse(scenario[0].step.at) - 3_600_000));
  const platform = await Platform.open({ client: 'sqlite', filename: join(options.directory, 'platform.db') }, { clock });
  const server = await startPlatformServer(platform, { port: options.port, logger: options.log ? { level: 'info', stream: process.stderr } : false });
  // the operator's steps, done by the demo: a credential for its connector, the dossiers assigned to it, an accountant to log in
  const credential = await platform.connectors.issue('office-demo');
  await platform.connectors.assign('office-demo', options.ledgers.map((ledger) => ledger.dossier.id));
  const login = { userId: 'demo', password: newSecret() };
  await platform.accountants.add(login.userId, login.password);
  const store = await openStateStore({ client: 'sqlite', filename: join(options.directory, 'connector-state.db') });
  const plays = options.ledgers.map(playOf);
  plays.forEach((play) => materialise(play, 0));
  const progress = options.progress;
  let pages = 0;
  let operations = 0;
  // The operator's grant to the isolated plugin: the source files it reads and writes proposals back into.
  const sources = plays.map((play) => play.fixture.directory);
  const permissions = { 'recorded-ledger': { readPaths: sources, writePaths: sources } };
  const host = options.isolated ? await createPluginHost({ pluginFolders: [EXAMPLE_PLUGIN], stateFile: join(options.directory, 'plugins.json'), logger: quietLogger(progress), permissions }) : undefined;
  const connector = new Connector({
    connectorId: 'office-demo',
    credential,
    platformUrl: server.url,
    engine: createDiffEngine({ store }),
    adapters: host
      ? await hostAdapters(host, plays.map((play) => ({ adapterId: 'recorded-ledger', configuration: { sourceFile: play.fixture.path } })))
      : plays.map((play) => ({ id: 'recorded-ledger', version: '1.0.0', adapter: new RecordedLedgerAdapter(new FileSourceProvider(play.fixture.path)) })),
    pageSize: 10,
    onEvent: (event) => {
      if (event.type === 'claimed') (pages = 0), (operations = 0);
      if (event.type === 'page') progress.page(++pages, (operations += event.page.operations.length));
      const line = taskLine(event, clock);
      if (line) progress.line(line);
    },
  });
  const close = async () => {
    await host?.close();
    await server.close();
    await platform.close();
    await store.close();
    plays.forEach((play) => play.fixture.dispose());
  };
  try {
    await connector.register();
    const planned = new Set<string>();
    for (const [index, item] of scenario.entries()) {
      const play = plays[item.ledgerIndex];
      progress.step(index, scenario.length, `${item.step.at.slice(0, 16).replace('T', ' ')}  ${play.ledger.dossier.name}: ${item.step.label}`);
      // changes made at the same moment in several offices are all in place before anyone syncs
      const together = scenario.slice(index).filter((other) => other.step.at === item.step.at);
      if (index === 0 || scenario[index - 1].step.at !== item.step.at) together.forEach((other) => materialise(plays[other.ledgerIndex], other.stepIndex));
      advance(clock, item.step.at);
      await act(platform, connector, clock, play, item, planned);
    }
    // one more night with nothing changed: every dossier's probe says so, nothing is read
    const quiet = nightAfter(new Date(clock.now().getTime() + 86_400_000).toISOString());
    progress.step(scenario.length, scenario.length + 1, `${quiet}  a quiet night`);
    advance(clock, new Date(nightOf(quiet).getTime() + 60_000).toISOString());
    await platform.planNight(quiet);
    await connector.drain();
    progress.end();
    const checks = await Promise.all(plays.map((play) => check(platform, play)));
    return { platform, server, summary: await monitoringSummary(platform), checks, login, close };
  } catch (error) {
    progress.end();
    await close();
    throw error;
  }
}

async function act(platform: Platform, connector: Connector, clock: ManualClock, play: LedgerPlay, item: ScenarioStep, planned: Set<string>): Promise<void> {
  const dossierId = play.ledger.dossier.id;
  if (item.action === 'manual-full') {
    const day = item.step.at.slice(0, 10);
    const period = periodContaining([...play.steps[item.stepIndex].source.period.values()].map((held) => held.record as Period), day);
    const updatedUntil = dayOf(new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000));
    // the first sync sets the portal date; later ones also close the past periods and restart the proposal count
    const fields = item.stepIndex === 0 ? { updatedUntil } : { updatedUntil, resetProposalCounter: true, ...(period ? { activePeriodId: period.id } : {}) };
    await platform.requestManualSync(dossierId, 'full', fields);
  } else if (item.action === 'proposal') {
    await platform.pushProposals(dossierId, item.step.proposals ?? []);
  } else if (item.action === 'nightly') {
    const night = nightAfter(item.step.at);
    if (!planned.has(night)) {
      planned.add(night);
      advance(clock, new Date(nightOf(night).getTime() + 60_000).toISOString());
      await platform.planNight(night);
    }
  }
  await connector.drain();
}

/** Whether the platform holds exactly the source's valid records and figures after the last step. */
async function check(platform: Platform, play: LedgerPlay): Promise<DossierCheck> {
  const last = play.steps.length - 1;
  const truth = play.steps[last].step.sync === 'proposal' ? truthAfterProposals(play, last).state : truthOf(play.ledger, play.steps[last]).state;
  const held = await platformState(platform.db, play.ledger.dossier.id);
  const figures = portalFigures(truth);
  const problems: string[] = [];
  for (const entity of ENTITIES) if (!sameRecords(held, truth, entity)) problems.push(`${entity} records differ`);
  if (canonicalJson(await trialBalance(platform.db, play.ledger.dossier.id)) !== canonicalJson(figures.trialBalance)) problems.push('trial balance differs');
  if (canonicalJson(await openItems(platform.db, play.ledger.dossier.id)) !== canonicalJson(figures.openItems)) problems.push('open items differ');
  const count = ENTITIES.reduce((n, entity) => n + truth[entity].size, 0);
  return {
    dossierId: play.ledger.dossier.id,
    name: play.ledger.dossier.name,
    equal: problems.length === 0,
    detail: problems.length === 0 ? `${count} records, trial balance and open items equal the source` : problems.join('; '),
  };
}

function sameRecords(a: LedgerState, b: LedgerState, entity: (typeof ENTITIES)[number]): boolean {
  const text = (state: LedgerState) =>
    canonicalJson([...(state[entity] as Map<string, LedgerRecord>).entries()].sort(([x], [y]) => (x < y ? -1 : 1)).map(([, record]) => canonicalRecord(entity, record)));
  return text(a) === text(b);
}

function advance(clock: ManualClock, to: string): void {
  if (Date.parse(to) > clock.now().getTime()) clock.set(to);
}

function taskLine(event: ConnectorEvent, clock: ManualClock): string | undefined {
  if (event.type !== 'succeeded' && event.type !== 'failed') return undefined;
  const t = event.task;
  const when = clock.now().toISOString().slice(0, 16).replace('T', ' ');
  const counts = t.counts ? `read ${t.counts.read}, upserted ${t.counts.upserted}, deleted ${t.counts.deleted}, quarantined ${t.counts.quarantined}` : '';
  const how = event.type === 'failed' ? `FAILED ${event.error.code}` : [counts, t.outcome].filter(Boolean).join(' — ');
  return `  ${when}  ${t.dossierId}  ${`${t.kind} (${t.origin})`.padEnd(22)} ${how}`;
}

/** The host's warnings (the example plugin is unsigned: development mode) as progress lines; the rest unsaid. */
function quietLogger(progress: Progress): Logger {
  const ignore = () => undefined;
  return { debug: ignore, info: ignore, warn: (message) => progress.line(`  host: ${message}`), error: (message) => progress.line(`  host: ${message}`) };
}
