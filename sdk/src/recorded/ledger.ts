import { DossierInfo, EntityName } from '../model/entities';
import { Proposal } from '../extraction/contract';

/** The recorded-ledger format tag, version 1. */
export const RECORDED_LEDGER_FORMAT = 'ledgersync/recorded-ledger@1';

export type StepSync = 'full' | 'incremental' | 'proposal' | 'none';

export interface PutChange {
  op: 'put';
  entity: EntityName;
  /** What the source holds: may break the model on purpose. */
  record: { id: string } & Record<string, unknown>;
  /** The source's modification marker is not advanced (backup restored, direct database fix). */
  silent?: boolean;
}

export interface DeleteChange {
  op: 'delete';
  entity: EntityName;
  id: string;
}

export type Change = PutChange | DeleteChange;

export interface StepExpectations {
  trialBalance?: Record<string, number>;
  openItems?: Record<string, number>;
  counts?: Partial<Record<EntityName, number>>;
}

export interface Step {
  label: string;
  /** The source's clock while the step's changes are made; strictly increasing. */
  at: string;
  changes: Change[];
  proposals?: Proposal[];
  sync: StepSync;
  expect?: StepExpectations;
}

/** The history of one dossier's ledger, step by step (see docs/recorded-ledger-format.md). */
export interface RecordedLedger {
  format: typeof RECORDED_LEDGER_FORMAT;
  name: string;
  description?: string;
  dossier: DossierInfo;
  steps: Step[];
}
