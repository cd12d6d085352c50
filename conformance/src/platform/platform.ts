import { ChangesetReceiver } from '@ledgersync/core/dist/src/changeset/types';
import { CurrencyAmount, DossierInfo, LedgerState } from '@ledgersync/sdk';

/** Trial balance and open items, as the client portal shows them. */
export interface PortalFigures {
  trialBalance: Record<string, number>;
  openItems: Record<string, number>;
  /** Format 1.1: per counterparty whose open lines share one transaction currency, the open amount in it. Compared when given. */
  openItemsInCurrency?: Record<string, CurrencyAmount>;
  /** Format 1.1: per fiscal year, per account, the year's lines without its closing entries. Compared when given. */
  yearResults?: Record<string, Record<string, number>>;
}

/**
 * The platform side of a conformance run: where changesets go, and what the suite reads back to
 * compare with the truth.
 */
export interface PlatformUnderTest {
  /** Which platform store, for the report. */
  readonly name: string;
  readonly receiver: ChangesetReceiver;
  /** Makes the platform know the dossier before its first changeset. */
  register(dossier: DossierInfo): Promise<void>;
  /** Every record the platform holds for the dossier. */
  records(dossierId: string): Promise<LedgerState>;
  /** The portal's figures, computed by the platform itself. */
  figures(dossierId: string): Promise<PortalFigures>;
  close(): Promise<void>;
}
