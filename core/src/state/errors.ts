import { LedgersyncError } from '@ledgersync/sdk';

/** The state store's own rows contradict each other (a planned record without its staged row): a bug, never bad input. */
export class StateInconsistentError extends LedgersyncError {
  constructor(readonly changesetId: string, readonly entity: string, readonly recordId: string, detail: string) {
    super('STATE_STORE_INCONSISTENT', `changeset ${changesetId}, ${entity} ${recordId}: ${detail}`);
  }
}
