import { SyncResult } from '@ledgersync/core/dist/src/engine/api';
import { Step } from '@ledgersync/sdk';
import { nightAllowance } from '../checks/incremental-cost';
import { SourceWork } from '../engine/counting-adapter';
import { FixtureDriver } from '../driver';
import { ObservingReceiver } from '../platform/observer';
import type { LedgerRun } from './ledger-run';
import { SourceHistory } from './source-history';
import { IncrementalCost } from './types';

/* The checks that follow a full or incremental sync besides records and figures. */

/** Every bad record of the truth reported (entity, id, field) at some sync so far, and nothing valid quarantined. */
export function checkBadRecords(
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

export function recordCost(run: LedgerRun, scope: { ledger: string; step: number }, history: SourceHistory, result: SyncResult, work: SourceWork, entitiesRead: readonly string[]): void {
  const reason = run.results.skipReason('incremental-cost');
  if (reason) {
    run.results.skipped('incremental-cost', scope, reason);
    return;
  }
  const counts = history.recordCounts();
  // only the entities the adapter reads: a full read reads those
  const perEntity = Object.fromEntries(Object.entries(counts).filter(([entity]) => entitiesRead.includes(entity)));
  const methods = { ...result.methods } as Record<string, string>;
  const measured = { changes: history.changesSinceSync, sinceRows: history.rowsSinceSync(), recordsPerEntity: perEntity, methods };
  const { allowance, fullRead } = nightAllowance(measured, run.session.digestTree);
  const cost: IncrementalCost = {
    ledger: scope.ledger,
    step: scope.step,
    changes: history.changesSinceSync,
    sinceRows: measured.sinceRows,
    sourceRecords: Object.values(perEntity).reduce((a, b) => a + b, 0),
    rowsRead: work.rows,
    calls: work.calls,
    cost: work.rows + work.calls,
    fullRead,
    allowance,
    methods,
  };
  run.costs.push(cost);
  const summary = `cost ${cost.cost} at the source (${cost.rowsRead} rows, keys and digests, ${cost.calls} calls) for ${cost.changes} change(s) (allowance ${cost.allowance}, full read ${cost.fullRead})`;
  run.results.outcome('incremental-cost', scope, cost.cost <= cost.allowance ? [] : [summary], summary);
}

export async function checkIdempotency(run: LedgerRun, scope: { ledger: string; step: number }, step: Step, observer: ObservingReceiver): Promise<void> {
  observer.startRun();
  const again = await run.session.engine.sync(run.adapter, run.ledger.dossier.id, { kind: step.sync as 'full' | 'incremental', receiver: observer });
  run.outputs.push(JSON.stringify(again));
  const sent = observer.operations + again.counts.upserted + again.counts.deleted;
  run.results.outcome('idempotency', scope, sent === 0 ? [] : [`a second ${step.sync} sync of the unchanged source sent ${observer.operations} operation(s) (${again.counts.upserted} upserts, ${again.counts.deleted} deletes)`], `a second ${step.sync} sync sent nothing`);
}
