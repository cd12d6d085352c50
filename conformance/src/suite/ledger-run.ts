import { emptyLedgerState, ENTITIES, ExtractionAdapter, LedgerState, RecordedLedger } from '@ledgersync/sdk';
import { compareExpectations, compareFigures } from '../checks/figures';
import { diffStates } from '../checks/record-diff';
import { FixtureDriver } from '../driver';
import { EngineSession } from '../engine/engine-session';
import { PlatformUnderTest } from '../platform/platform';
import { proposalProblems, withEntries } from './proposal-checks';
import { ResultRecorder } from './recorder';
import { setUpReplay } from './replay-setup';
import { checkBadRecords, checkIdempotency, recordCost } from './sync-step-checks';
import { expectedAmounts, moneyChanged } from '../checks/declared-holding';
import { materialiseStep, SkippedStep } from './step-materialise';
import { IncrementalCost } from './types';

/** What one replay of a ledger needs. */
export interface LedgerRun {
  ledger: RecordedLedger;
  adapter: ExtractionAdapter;
  driver: FixtureDriver;
  session: EngineSession;
  /** A fresh, empty platform for this replay. */
  openPlatform: () => Promise<PlatformUnderTest>;
  results: ResultRecorder;
  costs: IncrementalCost[];
  /** Sync results and errors, kept for the secrets check. */
  outputs: string[];
  /** Steps the package could not express, for the report. */
  skippedSteps: SkippedStep[];
  /** Where the run is, for an error that stops it. */
  progress: { phase: string; step?: number };
  /** Sets the adapter's clock (the runtime's services.clock) to the ledger's time. */
  setClock?: (marker: string) => void;
}

/** Replays the ledger step by step through the engine, checking the platform after each sync. */
export async function replayLedger(run: LedgerRun): Promise<void> {
  const { ledger, driver, results } = run;
  const { dossierId, capabilities, history, platform, observer, adapter, takePushed, takeWork } = await setUpReplay(run);
  const reported = new Map<string, string>();
  let synced: LedgerState = emptyLedgerState();
  let interrupted: Error | undefined;
  /** A proposal step that could not run: the author's `expect` figures after it count entries that were never booked. */
  let unbookedSince: number | undefined;
  /** A step the package could not express: the author's `expect` figures after it count changes the package never held. */
  let leftOutSince: number | undefined;

  for (let index = 0; index < ledger.steps.length && !interrupted; index++) {
    const step = ledger.steps[index];
    const scope = { ledger: ledger.name, step: index, stepLabel: step.label };
    if (!(await materialiseStep(run, history, index))) {
      if (step.sync === 'proposal') unbookedSince ??= index;
      else if (step.changes.length > 0) leftOutSince ??= index;
      continue;
    }
    if (step.sync === 'none') continue;
    try {
      if (step.sync === 'proposal') {
        if (!capabilities.push) {
          results.switchedOff('proposals', scope, 'capabilities().push is false');
          unbookedSince ??= index;
          continue;
        }
        const before = await platform.records(dossierId);
        observer.startRun();
        const result = await run.session.engine.pushProposals(adapter, dossierId, step.proposals ?? [], observer);
        run.outputs.push(JSON.stringify(result));
        const pushed = takePushed();
        history.addPushed(index, pushed);
        const after = await platform.records(dossierId);
        const expected = withEntries(synced, pushed.map((p) => p.record));
        const problems = await proposalProblems(run.adapter, dossierId, step, pushed, before, after);
        results.outcome('proposals', scope, [...problems, ...diffStates(after, expected)], `${pushed.length} proposal(s) booked as ${pushed.map((p) => p.id).join(', ')}, once even when pushed again; on the platform; no matching changed`);
        results.outcome('figures', scope, compareFigures(await platform.figures(dossierId), expected, ledger.dossier.currency), 'figures equal those of the last sync plus the pushed entries');
        continue;
      }
      observer.startRun();
      takeWork();
      const result = await run.session.engine.sync(adapter, dossierId, { kind: step.sync, receiver: observer });
      const work = takeWork();
      run.outputs.push(JSON.stringify(result));
      for (const bad of result.quarantined) reported.set(`${bad.entity} ${bad.recordId}`, bad.field);
      const truth = history.truth();
      const declaration = driver.holding ? moneyChanged(history.ledgerTruth().state, truth.state) : [];
      const platformState = await platform.records(dossierId);
      const differences = diffStates(platformState, truth.state);
      const silentNote = driver.limitations.silentPut && step.changes.some((c) => c.op === 'put' && c.silent) ? ` (the backend cannot hold a silent put: ${driver.limitations.silentPut})` : '';
      results.outcome('records', scope, differences, `${count(truth.state)} records equal, ${result.counts.upserted} upserted, ${result.counts.deleted} deleted${silentNote}`);
      results.outcome('figures', scope, [...declaration, ...compareFigures(await platform.figures(dossierId), truth.state, ledger.dossier.currency)], driver.holding ? 'trial balance and open items equal the source’s, and the ledger’s own as the package holds it' : 'trial balance and open items equal the source’s');
      if (step.expect && unbookedSince !== undefined) results.skipped('expect', scope, `the ledger's figures count the entries of step ${unbookedSince}'s proposals, which this adapter cannot book`);
      else if (step.expect && leftOutSince !== undefined) results.skipped('expect', scope, `the ledger's figures count the changes of step ${leftOutSince}, which the package cannot express (the figures check still compares the platform with the source as held)`);
      else if (step.expect && driver.holding) results.outcome('expect', scope, moneyChanged(history.ledgerTruth().state, truth.state).length ? ['the package’s holding changes the ledger’s figures'] : expectedAmounts(await platform.figures(dossierId), step.expect), 'the ledger’s expected figures hold (amounts, under the package’s ids)');
      else if (step.expect) results.outcome('expect', scope, compareExpectations(await platform.figures(dossierId), platformState, step.expect), 'the ledger’s expected figures hold');
      checkBadRecords(run, scope, truth.rejected.map((e) => ({ key: `${e.entity} ${e.recordId}`, field: e.field, message: e.message })), result, reported, driver);
      if (step.sync === 'incremental') recordCost(run, scope, history, result, work, capabilities.entities);
      await checkIdempotency(run, scope, step, observer);
      synced = truth.state;
      history.markSynced();
    } catch (error) {
      interrupted = error as Error;
      run.outputs.push(interrupted.message);
      results.failed('records', scope, `the ${step.sync} sync failed: ${interrupted.message}`);
    }
  }
}

function count(state: LedgerState): number {
  return ENTITIES.reduce((sum, entity) => sum + state[entity].size, 0);
}
