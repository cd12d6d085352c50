import { RecordedLedger, Step } from '@ledgersync/sdk';

/** One step of one ledger, in the order the demo plays them. */
export interface ScenarioStep {
  ledgerIndex: number;
  stepIndex: number;
  step: Step;
  /** What the platform does for it. */
  action: 'manual-full' | 'nightly' | 'proposal' | 'none';
}

/**
 * Both ledgers' steps merged on the source's clock. A `full` step is the accountant's manual full
 * sync, an `incremental` step waits for that night's plan (which may turn into the dossier's
 * monthly full), a `proposal` step is a push from the worklist.
 */
export function scenarioOf(ledgers: RecordedLedger[]): ScenarioStep[] {
  const steps: ScenarioStep[] = [];
  ledgers.forEach((ledger, ledgerIndex) =>
    ledger.steps.forEach((step, stepIndex) => {
      const action = step.sync === 'full' ? 'manual-full' : step.sync === 'incremental' ? 'nightly' : step.sync === 'proposal' ? 'proposal' : 'none';
      steps.push({ ledgerIndex, stepIndex, step, action });
    }),
  );
  return steps.sort((a, b) => Date.parse(a.step.at) - Date.parse(b.step.at) || a.ledgerIndex - b.ledgerIndex);
}

/** The night (`YYYY-MM-DD`, 02:00 UTC) whose plan picks up a change made at `at`. */
export function nightAfter(at: string): string {
  const time = new Date(at);
  const tonight = new Date(`${at.slice(0, 10)}T02:00:00.000Z`);
  return (time.getTime() <= tonight.getTime() ? tonight : new Date(tonight.getTime() + 86_400_000)).toISOString().slice(0, 10);
}
