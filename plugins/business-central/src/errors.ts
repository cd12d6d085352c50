import { LedgersyncError } from '@ledgersync/sdk';

/** Stable code the engine can branch on: the adapter cannot list changes from where the engine stands. */
export const FULL_RESYNC_REQUIRED = 'ADAPTER_FULL_RESYNC_REQUIRED';

/**
 * SQL Server has cleaned up change-tracking history the engine still needs (its version is older
 * than `CHANGE_TRACKING_MIN_VALID_VERSION`): deletions in between are lost, so only a full sync
 * (reading every key) is correct now. `fullResyncRequired` lets callers act without parsing text.
 */
export class ChangeTrackingExpiredError extends LedgersyncError {
  readonly fullResyncRequired = true;
  constructor(readonly table: string, readonly since: bigint, readonly minValid: bigint) {
    super(
      FULL_RESYNC_REQUIRED,
      minValid < 0n
        ? `table ${table}: change tracking is no longer enabled; run a full sync`
        : `table ${table}: change-tracking version ${since} is older than the minimum valid version ${minValid}; run a full sync`,
    );
  }
}

/** A row the source returned that the adapter cannot even turn into a record (not bad data: a broken contract with SQL Server). */
export class SourceRowError extends LedgersyncError {
  constructor(readonly entity: string, readonly id: string, readonly field: string, detail: string) {
    super('ADAPTER_SOURCE_ERROR', `entity ${entity}, record ${id}, field ${field}: ${detail}`);
  }
}
