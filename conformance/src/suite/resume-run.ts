import { SyncResult } from '@ledgersync/core/dist/src/engine/api';
import { diffStates } from '../checks/record-diff';
import { LedgerRun } from './ledger-run';
import { setUpReplay } from './replay-setup';
import { materialiseStep } from './step-materialise';

/** A sync that never finishes is a defect too: stop after this many interruptions. */
const MAX_INTERRUPTIONS = 2000;

/**
 * Replays the ledger again on a fresh engine and platform, with small pages, and interrupts every
 * sync at every page boundary in turn: run 1 stops after its first page, the resumed run 2 after
 * the next one, and so on until a run completes. Then the platform must equal the truth, and no
 * record may have been applied twice within a changeset.
 */
export async function replayInterrupted(run: LedgerRun, pageSize: number): Promise<void> {
  const { ledger, results } = run;
  const { dossierId, capabilities, history, platform, observer, adapter, takePushed } = await setUpReplay(run);

  for (let index = 0; index < ledger.steps.length; index++) {
    const step = ledger.steps[index];
    const scope = { ledger: ledger.name, step: index, stepLabel: step.label };
    if (!(await materialiseStep(run, history, index))) continue;
    if (step.sync === 'none') continue;
    if (step.sync === 'proposal') {
      if (!capabilities.push) continue;
      observer.startRun();
      await run.session.engine.pushProposals(adapter, dossierId, step.proposals ?? [], observer);
      history.addPushed(index, takePushed());
      continue;
    }
    let interruptions = 0;
    let finished: SyncResult | undefined;
    const problems: string[] = [];
    while (!finished && interruptions <= MAX_INTERRUPTIONS) {
      const signal = observer.startRun(1);
      try {
        finished = await run.session.engine.sync(adapter, dossierId, { kind: step.sync, receiver: observer, pageSize, signal });
      } catch (error) {
        if (!signal?.aborted) {
          problems.push(`the ${step.sync} sync failed after ${interruptions} interruption(s): ${(error as Error).message}`);
          break;
        }
        run.outputs.push((error as Error).message);
        interruptions += 1;
      }
    }
    if (!finished && problems.length === 0) problems.push(`the sync did not finish after ${MAX_INTERRUPTIONS} interruptions`);
    if (finished) {
      run.outputs.push(JSON.stringify(finished));
      if (interruptions > 0 && !finished.resumed) problems.push(`the run after ${interruptions} interruption(s) did not resume the changeset (resumed: false)`);
      problems.push(...diffStates(await platform.records(dossierId), history.truth().state));
    }
    problems.push(...observer.appliedTwice.splice(0).map((twice) => `applied twice: ${twice}`));
    const done = interruptions > 0 ? `interrupted at each of ${interruptions} page boundaries (pages of ${pageSize}), resumed` : `one page of ${pageSize}: no boundary to interrupt at`;
    results.outcome('resumability', scope, problems, `${done}; ended equal, nothing applied twice`);
    history.markSynced();
  }
}
