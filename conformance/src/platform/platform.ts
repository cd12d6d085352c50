import { ChangesetReceiver } from '@ledgersync/core/dist/src/changeset/types';
import { LedgerState } from '@ledgersync/sdk';

/**
 * The platform side of a conformance run: where changesets go, and what the suite reads back to
 * compare with the truth.
 */
export interface PlatformUnderTest {
  readonly receiver: ChangesetReceiver;
  /** Every record the platform holds for the dossier. */
  records(dossierId: string): Promise<LedgerState>;
  close(): Promise<void>;
}
