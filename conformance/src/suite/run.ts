import { basename } from 'node:path';
import { AdapterFactory, emptySnapshot, ExtractionAdapter, readRecordedLedgerFile, RecordedLedger } from '@ledgersync/sdk';
import { findSecrets, KnownSecret } from '../checks/secrets';
import { RecordedLedgerDriver } from '../drivers/recorded-ledger';
import { FixtureDriver, isStepNotExpressible } from '../driver';
import { EngineSession, openEngineSession } from '../engine/engine-session';
import { describePlugin, PluginUnderTest } from '../plugin/plugin-under-test';
import { openRuntime } from '../plugin/open-runtime';
import { AdapterRuntime } from '../plugin/runtime';
import { openPlatform } from '../platform/platform-store';
import { PlatformUnderTest } from '../platform/platform';
import { PUBLIC_LEDGERS, SUITE_VERSION } from '../version';
import { checkManifest } from './manifest-check';
import { checkBadConfiguration, checkConnection } from './connection-checks';
import { LedgerRun, replayLedger } from './ledger-run';
import { ResultRecorder } from './recorder';
import { replayInterrupted } from './resume-run';
import { SourceHistory } from './source-history';
import { SkippedStep } from './step-materialise';
import { refuseMoneyLosses } from '../checks/declared-holding';
import { ConformanceOptions, ConformanceReport, IncrementalCost, PluginSpec } from './types';

/** Normalises the `plugin` option: a folder, a factory, or a spec. */
export function pluginSpecOf(plugin: ConformanceOptions['plugin']): PluginSpec {
  if (typeof plugin === 'string') return { dir: plugin };
  if (typeof plugin === 'function') return { factory: plugin as AdapterFactory };
  return plugin;
}

/** The ledgers to replay: read and validated up front, so a bad file stops the run before anything else. */
export function loadLedgers(paths: string[] = PUBLIC_LEDGERS): { path: string; ledger: RecordedLedger }[] {
  return paths.map((path) => ({ path, ledger: readRecordedLedgerFile(path) }));
}

/**
 * Runs every check for one adapter against each ledger and returns the report. The one
 * implementation behind both front ends: mocha (`conformance()`) and `ledgersync conformance`.
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const startedAt = new Date().toISOString();
  const plugin = describePlugin(pluginSpecOf(options.plugin));
  const ledgers = loadLedgers(options.ledgers);
  const results = new ResultRecorder(plugin.config.skip ?? {}, options.onResult);
  const costs: IncrementalCost[] = [];
  const outputs: string[] = [];
  const secrets: KnownSecret[] = [];
  checkManifest(plugin, results);
  const runtime = await openRuntime(plugin, options.runtime ?? 'auto', ledgers.map(({ path }) => path));
  const session = await openEngineSession();
  let platformName = '';
  const platforms: PlatformUnderTest[] = [];
  // closed at the end, whatever happened to the replay that opened it
  const platformFor = async (): Promise<PlatformUnderTest> => {
    const platform = await openPlatform(plugin);
    platforms.push(platform);
    platformName = platform.name;
    return platform;
  };
  const skippedSteps: SkippedStep[] = [];
  let described: ConformanceReport['driver'] | undefined = undefined;
  const describe = (driver: FixtureDriver) => {
    described ??= { ...(driver.describes ?? { package: 'not named by the driver', backend: driver.constructor.name }), losses: [...(driver.holding?.losses ?? [])] };
  };
  const context: LedgerContext = { options, plugin, runtime, session, openPlatform: platformFor, results, costs, outputs, secrets, skippedSteps, describe };
  try {
    for (const [index, { ledger }] of ledgers.entries()) {
      options.onLedger?.(index, ledgers.length, ledger.name);
      await checkLedger(context, ledger);
    }
  } finally {
    await Promise.all(platforms.map((platform) => platform.close()));
    await session.close();
    outputs.push(...runtime.logLines());
    await runtime.close();
  }
  const report: ConformanceReport = {
    suiteVersion: SUITE_VERSION,
    plugin: { id: plugin.id, version: plugin.version, adapterId: plugin.adapterId, dir: plugin.dir },
    runtime: { kind: runtime.kind, note: runtime.note },
    engine: session.name,
    platform: platformName,
    driver: described ?? { package: 'no ledger ran', backend: 'none', losses: [] },
    skippedSteps: uniqueSteps(skippedSteps),
    ledgers: ledgers.map(({ path, ledger }) => `${ledger.name} (${basename(path)})`),
    results: results.results,
    costs,
    passed: false,
    startedAt,
    finishedAt: new Date().toISOString(),
  };
  const leaks = findSecrets(secrets, [
    ...outputs.map((text, i) => ({ where: `captured output ${i + 1} (log, error or sync result)`, text })),
    { where: 'the report', text: JSON.stringify(report) },
  ]);
  results.outcome('secrets', {}, leaks, secrets.length ? `${secrets.length} secret value(s) found in no log, error, result or report` : 'no secret fields declared; nothing captured held a configuration secret');
  report.passed = results.results.every((r) => r.status !== 'failed');
  return report;
}

/** What every ledger's phases share within one run. */
interface LedgerContext {
  options: ConformanceOptions;
  plugin: PluginUnderTest;
  runtime: AdapterRuntime;
  session: EngineSession;
  openPlatform: () => Promise<PlatformUnderTest>;
  results: ResultRecorder;
  costs: IncrementalCost[];
  outputs: string[];
  secrets: KnownSecret[];
  skippedSteps: SkippedStep[];
  /** Notes the driver's package, backend and declared losses for the report. */
  describe(driver: FixtureDriver): void;
}

/**
 * One ledger in three phases, each on a fresh backend: connection checks against its first state,
 * the replay, and the interrupted replay. A failure that stops a phase is reported, and the next
 * ledger still runs.
 */
async function checkLedger(context: LedgerContext, ledger: RecordedLedger): Promise<void> {
  const { options, plugin, runtime, results, outputs } = context;
  if (ledger.steps.length === 0) return;
  const driver = driverOf(options);
  context.describe(driver);
  const progress: LedgerRun['progress'] = { phase: 'set-up' };
  const setUp = async () => withSecrets(plugin, await driver.setUp(ledger), context.secrets);
  const run = (adapter: ExtractionAdapter, session: EngineSession): LedgerRun => ({
    ledger, adapter, driver, session, openPlatform: context.openPlatform, results, costs: context.costs, outputs, skippedSteps: context.skippedSteps, progress, setClock: runtime.setClock?.bind(runtime),
  });
  // each phase closes what it opened on the backend before the driver tears it down (a database being dropped refuses open connections)
  const phase = async (name: string, body: (configuration: Record<string, unknown>) => Promise<void>) => {
    progress.phase = name;
    progress.step = undefined;
    try {
      await body(await setUp());
    } finally {
      await driver.tearDown();
    }
  };
  try {
    if (driver.holding) refuseMoneyLosses(driver.holding.losses);
    let connected = false;
    await phase('connection checks', async (configuration) => {
      // tried against the first state: some backends cannot answer while empty
      const history = new SourceHistory(ledger, driver.limitations.badRecords !== undefined, driver.holding);
      const first = history.advance(0);
      runtime.setClock?.(first.clock);
      try {
        await driver.materialise(first);
      } catch (error) {
        // the replay skips that step with its reason; listing dossiers needs only the backend, empty
        if (!isStepNotExpressible(error)) throw error;
        await driver.materialise({ ...first, source: emptySnapshot(), deleted: [] });
      }
      await checkBadConfiguration(runtime, plugin, configuration, ledger, results, outputs);
      connected = await checkConnection(runtime, configuration, ledger, results, outputs);
    });
    if (!connected) return;
    await phase('replay', async (configuration) => {
      const adapter = await runtime.open(configuration);
      try {
        await replayLedger(run(adapter, context.session));
      } finally {
        await runtime.release(adapter);
      }
    });
    const reason = results.skipReason('resumability');
    if (reason) {
      results.skipped('resumability', { ledger: ledger.name }, reason);
      return;
    }
    await phase('interrupted replay', async (configuration) => {
      const adapter = await runtime.open(configuration);
      const resumeSession = await openEngineSession();
      try {
        await replayInterrupted(run(adapter, resumeSession), options.resumePageSize ?? 1);
      } finally {
        await runtime.release(adapter);
        await resumeSession.close();
      }
    });
  } catch (error) {
    const err = error as Error;
    outputs.push(err.message);
    const where = `${progress.phase}${progress.step === undefined ? '' : `, step ${progress.step}`}`;
    results.failed('records', progress.step === undefined ? { ledger: ledger.name } : { ledger: ledger.name, step: progress.step }, `the run stopped (${where}): ${err.message}`, (err.stack ?? '').split('\n').slice(1, 12).map((line) => line.trim()));
  }
}

function driverOf(options: ConformanceOptions): FixtureDriver {
  if (!options.driver) return new RecordedLedgerDriver();
  return typeof options.driver === 'function' ? options.driver() : options.driver;
}

/** Gives every secret field a recognisable value (unless the driver set one) and remembers it for the leak scan. */
function withSecrets(plugin: PluginUnderTest, configuration: Record<string, unknown>, secrets: KnownSecret[]): Record<string, unknown> {
  const withValues = { ...configuration };
  for (const field of plugin.secretFields) {
    if (typeof withValues[field] !== 'string') withValues[field] = secrets.find((s) => s.field === field)?.value ?? `ls-secret-${Math.random().toString(36).slice(2, 12)}`;
    if (!secrets.some((s) => s.value === withValues[field])) secrets.push({ field, value: String(withValues[field]) });
  }
  return withValues;
}

/** A step skipped in the replay is skipped again in the interrupted replay: listed once. */
function uniqueSteps(steps: SkippedStep[]): SkippedStep[] {
  const seen = new Map<string, SkippedStep>();
  for (const step of steps) seen.set(`${step.ledger}\u0000${step.step}`, step);
  return [...seen.values()];
}
