import { isStepNotExpressible } from '../driver';
import type { LedgerRun } from './ledger-run';
import { SourceHistory } from './source-history';

/** A step the package could not express, as the report and the certificate list it. */
export interface SkippedStep {
  ledger: string;
  step: number;
  entity?: string;
  id?: string;
  reason: string;
}

/**
 * Advances the suite's history by one step and has the driver write it, at the ledger's time.
 * A step the package cannot express (STEP_NOT_EXPRESSIBLE) is skipped with its reason: the
 * history goes back to the state before it, which the driver writes again, and the run goes on.
 * Returns false for a skipped step.
 */
export async function materialiseStep(run: LedgerRun, history: SourceHistory, index: number): Promise<boolean> {
  const state = history.advance(index);
  run.progress.step = index;
  run.setClock?.(state.clock);
  try {
    await run.driver.materialise(state);
    return true;
  } catch (error) {
    if (!isStepNotExpressible(error)) throw error;
    const step = run.ledger.steps[index];
    const reason = error.reason ?? error.message;
    const where = error.entity ? `${error.entity} ${error.id ?? ''}`.trim() : 'the step';
    run.skippedSteps.push({ ledger: run.ledger.name, step: index, entity: error.entity, id: error.id, reason });
    run.results.skipped('records', { ledger: run.ledger.name, step: index, stepLabel: step.label }, `the package cannot express this step (${where}): ${reason}; its changes are left out of the rest of the run`);
    const before = history.revert();
    if (before) await run.driver.materialise(before);
    return false;
  }
}
