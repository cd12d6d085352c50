import { basename } from 'node:path';
import { AdapterFactory, ExtractionAdapter, readRecordedLedgerFile, RecordedLedger } from '@ledgersync/sdk';
import { findSecrets, KnownSecret } from '../checks/secrets';
import { RecordedLedgerDriver } from '../drivers/recorded-ledger';
import { FixtureDriver } from '../driver';
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
  const context: LedgerContext = { options, plugin, runtime, session, openPlatform: platformFor, results, costs, outputs, secrets };
  try {
    for (const { ledger } of ledgers) await checkLedger(context, ledger);
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
  const setUp = async () => withSecrets(plugin, await driver.setUp(ledger), context.secrets);
  const run = (adapter: ExtractionAdapter, session: EngineSession): LedgerRun => ({ ledger, adapter, driver, session, openPlatform: context.openPlatform, results, costs: context.costs, outputs });
  try {
    const configuration = await setUp();
    // tried against the first state: some backends cannot answer while empty
    await driver.materialise(new SourceHistory(ledger, driver.limitations.badRecords !== undefined).advance(0));
    await checkBadConfiguration(runtime, plugin, configuration, ledger, results, outputs);
    if (!(await checkConnection(runtime, configuration, ledger, results, outputs))) return;
    await driver.tearDown();
    await replayLedger(run(await runtime.open(await setUp()), context.session));
    const reason = results.skipReason('resumability');
    if (reason) {
      results.skipped('resumability', { ledger: ledger.name }, reason);
      return;
    }
    await driver.tearDown();
    const adapter = await runtime.open(await setUp());
    const resumeSession = await openEngineSession();
    try {
      await replayInterrupted(run(adapter, resumeSession), options.resumePageSize ?? 1);
    } finally {
      await resumeSession.close();
    }
  } catch (error) {
    const message = (error as Error).message;
    outputs.push(message);
    results.failed('records', { ledger: ledger.name }, `the run stopped: ${message}`);
  } finally {
    await driver.tearDown();
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
