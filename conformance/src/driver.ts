import { ChangeMarker, DossierInfo, EntityName, RecordedLedger, SourceSnapshot } from '@ledgersync/sdk';

/** The source as it must be after one step: what a fixture driver writes into the adapter's backend. */
export interface SourceState {
  /** Index of the step in its ledger. */
  step: number;
  dossier: DossierInfo;
  /** The source's clock during the step (UTC ISO-8601); markers of records it writes now. */
  clock: ChangeMarker;
  /**
   * Every record the source holds, with its marker: a silent put keeps the record's previous
   * marker. Entries that the adapter itself wrote (pushed proposals) are included, with the ids it gave.
   */
  source: SourceSnapshot;
  /** Hard deletes made in this step, for backends that keep a deletion log. */
  deleted: { entity: EntityName; id: string }[];
}

/**
 * Format features a backend cannot hold, each with the reason the report shows. A check that needs
 * one is skipped with that reason (and counted as such on the certificate).
 */
export interface DriverLimitations {
  /** The backend advances a record's marker on every write (SQL Server rowversion). */
  silentPut?: string;
  /** The backend cannot hold a record that breaks the model (a NOT NULL column, an enum). */
  badRecords?: string;
}

/**
 * Each adapter package provides one: it materialises recorded-ledger states in the adapter's own
 * backend (rows in its tables, a file, HTTP responses as nock cassettes).
 */
export interface FixtureDriver {
  readonly limitations: DriverLimitations;
  /** Prepares an empty backend for one ledger; returns the adapter configuration that reaches it. */
  setUp(ledger: RecordedLedger): Promise<Record<string, unknown>>;
  /** Makes the backend hold exactly `state` (markers included), replacing what it held. */
  materialise(state: SourceState): Promise<void>;
  /** Removes everything `setUp` created. */
  tearDown(): Promise<void>;
}
