import { AdapterCapabilities, ExtractionAdapter, SourceRecord } from '@ledgersync/sdk';
import { countSourceWork, SourceWork } from '../engine/counting-adapter';
import { recordPushes } from '../engine/recording-adapter';
import { ObservingReceiver } from '../platform/observer';
import { PlatformUnderTest } from '../platform/platform';
import type { LedgerRun } from './ledger-run';
import { SourceHistory } from './source-history';

/** What every replay of a ledger starts from: an empty platform watched at the wire, and the suite's own source history. */
export interface ReplaySetup {
  dossierId: string;
  capabilities: AdapterCapabilities;
  history: SourceHistory;
  platform: PlatformUnderTest;
  observer: ObservingReceiver;
  /** The adapter with its pushes recorded: pass it to the engine. */
  adapter: ExtractionAdapter;
  takePushed(): SourceRecord<'entry'>[];
  /** What the adapter did at the source since the last call: calls and rows, keys and digests included. */
  takeWork(): SourceWork;
}

export async function setUpReplay(run: LedgerRun): Promise<ReplaySetup> {
  const { ledger, driver } = run;
  const platform = await run.openPlatform();
  await platform.register(ledger.dossier);
  const recording = recordPushes(run.adapter);
  const counting = countSourceWork(recording.adapter);
  return {
    dossierId: ledger.dossier.id,
    capabilities: await run.adapter.capabilities(),
    history: new SourceHistory(ledger, driver.limitations.badRecords !== undefined, driver.holding),
    platform,
    observer: new ObservingReceiver(platform.receiver),
    adapter: counting.adapter,
    takePushed: recording.take,
    takeWork: counting.take,
  };
}
