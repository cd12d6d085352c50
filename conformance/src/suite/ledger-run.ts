import { SyncResult } from '@ledgersync/core/dist/src/engine/api';
import { emptyLedgerState, ENTITIES, ExtractionAdapter, LedgerState, RecordedLedger, Step } from '@ledgersync/sdk';
import { compareExpectations, compareFigures } from '../checks/figures';
import { incrementalAllowance } from '../checks/incremental-cost';
import { diffStates } from '../checks/record-diff';
import { FixtureDriver } from '../driver';
import { EngineSession } from '../engine/engine-session';
import { ObservingReceiver } from '../platform/observer';
import { setUpReplay } from './replay-setup';
import { PlatformUnderTest } from '../platform/platform';
import { ResultRecorder } from './recorder';
import { SourceHistory } from './source-history';
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
}

/** Replays the ledger step by step through the engine, checking the platform after each sync. */
export async function replayLedger(run: LedgerRun): Promise<void> {
  const { ledger, driver, results } = run;
  const { dossierId, capabilities, history, platform, observer, adapter, takePushed } = await setUpReplay(run);
  const reported = new Map<string, string>();
  let synced: LedgerState = emptyLedgerState();
  let interrupted: Error | undefined;
  /** A proposal step that could not run: the author's `expect` figures after it count entries that were never booked. */
  let unbookedSince: number | undefined;

  for (let index = 0; index < ledger.steps.length && !interrupted; index++) {
    const step = ledger.steps[index];
    const scope = { ledger: ledger.name, step: index, stepLabel: step.label };
    await driver.materialise(history.advance(index));
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
        results.outcome('figures', scope, compareFigures(await platform.figures(dossierId), expected), 'figures equal those of the last sync plus the pushed entries');
        continue;
      }
      observer.startRun();
      const result = await run.session.engine.sync(adapter, dossierId, { kind: step.sync, receiver: observer });
      run.outputs.push(JSON.stringify(result));
      for (const bad of result.quarantined) reported.set(`${bad.entity} ${bad.recordId}`, bad.field);
      const truth = history.truth();
      const platformState = await platform.records(dossierId);
      const differences = diffStates(platformState, truth.state);
      const silentNote = driver.limitations.silentPut && step.changes.some((c) => c.op === 'put' && c.silent) ? ` (the backend cannot hold a silent put: ${driver.limitations.silentPut})` : '';
      results.outcome('records', scope, differences, `${count(truth.state)} records equal, ${result.counts.upserted} upserted, ${result.counts.deleted} deleted${silentNote}`);
      results.outcome('figures', scope, compareFigures(await platform.figures(dossierId), truth.state), 'trial balance and open items equal the source’s');
      if (step.expect && unbookedSince !== undefined) results.skipped('expect', scope, `the ledger's figures count the entries of step ${unbookedSince}'s proposals, which this adapter cannot book`);
      else if (step.expect) results.outcome('expect', scope, compareExpectations(await platform.figures(dossierId), platformState, step.expect), 'the ledger’s expected figures hold');
      checkBadRecords(run, scope, truth.rejected.map((e) => ({ key: `${e.entity} ${e.recordId}`, field: e.field, message: e.message })), result, reported, driver);
      if (step.sync === 'incremental') recordCost(run, scope, history, result);
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

function checkBadRecords(
  run: LedgerRun,
  scope: { ledger: string; step: number; stepLabel: string },
  rejected: { key: string; field: string; message: string }[],
  result: SyncResult,
  reported: Map<string, string>,
  driver: FixtureDriver,
): void {
  if (driver.limitations.badRecords) {
    run.results.skipped('bad-records', scope, `the backend cannot hold bad records: ${driver.limitations.badRecords}`);
    return;
  }
  const reason = run.results.skipReason('bad-records');
  if (reason) {
    run.results.skipped('bad-records', scope, reason);
    return;
  }
  const expected = new Set(rejected.map((r) => r.key));
  const problems = rejected.filter((r) => !reported.has(r.key)).map((r) => `${r.key}: bad in the source (${r.message}) but never reported as quarantined`);
  for (const bad of result.quarantined) {
    if (!expected.has(`${bad.entity} ${bad.recordId}`)) problems.push(`${bad.entity} ${bad.recordId}: quarantined (${bad.message}), but the source's record is valid`);
    else if (!bad.entity || !bad.recordId) problems.push(`a quarantined record is reported without entity and id: ${bad.message}`);
  }
  run.results.outcome('bad-records', scope, problems, rejected.length ? `${rejected.length} bad record(s) quarantined and reported: ${rejected.map((r) => `${r.key} (field ${r.field || '(record)'})`).join(', ')}` : 'no bad records in this state; none quarantined');
}

function recordCost(run: LedgerRun, scope: { ledger: string; step: number }, history: SourceHistory, result: SyncResult): void {
  const reason = run.results.skipReason('incremental-cost');
  if (reason) {
    run.results.skipped('incremental-cost', scope, reason);
    return;
  }
  const perEntity = history.recordCounts();
  const methods = { ...result.methods } as Record<string, string>;
  const cost: IncrementalCost = {
    ledger: scope.ledger,
    step: scope.step,
    changes: history.changesSinceSync,
    sinceRows: history.rowsSinceSync(),
    sourceRecords: Object.values(perEntity).reduce((a, b) => a + b, 0),
    rowsRead: result.counts.read,
    allowance: incrementalAllowance({ changes: history.changesSinceSync, sinceRows: history.rowsSinceSync(), recordsPerEntity: perEntity, methods }, run.session.digestTree),
    methods,
  };
  run.costs.push(cost);
  const summary = `read ${cost.rowsRead} rows for ${cost.changes} change(s) (allowance ${cost.allowance}, full read ${cost.sourceRecords})`;
  run.results.outcome('incremental-cost', scope, cost.rowsRead <= cost.allowance ? [] : [summary], summary);
}

async function checkIdempotency(run: LedgerRun, scope: { ledger: string; step: number }, step: Step, observer: ObservingReceiver): Promise<void> {
  observer.startRun();
  const again = await run.session.engine.sync(run.adapter, run.ledger.dossier.id, { kind: step.sync as 'full' | 'incremental', receiver: observer });
  run.outputs.push(JSON.stringify(again));
  const sent = observer.operations + again.counts.upserted + again.counts.deleted;
  run.results.outcome('idempotency', scope, sent === 0 ? [] : [`a second ${step.sync} sync of the unchanged source sent ${observer.operations} operation(s) (${again.counts.upserted} upserts, ${again.counts.deleted} deletes)`], `a second ${step.sync} sync sent nothing`);
}

async function proposalProblems(adapter: ExtractionAdapter, dossierId: string, step: Step, pushed: { id: string; record: unknown }[], before: LedgerState, after: LedgerState): Promise<string[]> {
  const problems: string[] = [];
  const proposals = step.proposals ?? [];
  if (pushed.length !== proposals.length) problems.push(`${proposals.length} proposal(s) sent, but push() booked ${pushed.length}`);
  // push is idempotent per proposal id: a retry after a lost answer must not book twice
  for (const [i, proposal] of proposals.entries()) {
    if (!pushed[i]) continue;
    const again = await adapter.push!(dossierId, proposal);
    if (again.id !== pushed[i].id) problems.push(`proposal ${proposal.id} pushed again was booked a second time, as entry ${again.id} (first ${pushed[i].id}): push must be idempotent per proposal id`);
  }
  const inSource = new Set<string>();
  for await (const row of adapter.read(dossierId, 'entry')) inSource.add(row.id);
  for (const entry of pushed) {
    if (!inSource.has(entry.id)) problems.push(`entry ${entry.id}: returned by push() but not in the source`);
    if (!after.entry.has(entry.id)) problems.push(`entry ${entry.id}: booked in the source but not registered on the platform`);
  }
  const matchingsBefore = JSON.stringify([...before.matching].sort());
  const matchingsAfter = JSON.stringify([...after.matching].sort());
  if (matchingsBefore !== matchingsAfter) problems.push('the matchings on the platform changed during a proposal sync');
  return problems;
}

function withEntries(state: LedgerState, entries: unknown[]): LedgerState {
  const copy = emptyLedgerState();
  for (const entity of ENTITIES) (copy as Record<string, Map<string, unknown>>)[entity] = new Map(state[entity] as Map<string, unknown>);
  for (const entry of entries) copy.entry.set((entry as { id: string }).id, entry as never);
  return copy;
}

function count(state: LedgerState): number {
  return ENTITIES.reduce((sum, entity) => sum + state[entity].size, 0);
}
