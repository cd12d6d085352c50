import { ChangeMarker, DossierInfo, EntityName, LedgersyncError, RecordedLedger, SourceSnapshot } from '@ledgersync/sdk';

/** The source as it must be after one step: what a fixture driver writes into the adapter's backend. */
export interface SourceState {
  /** Index of the step in its ledger. */
  step: number;
  dossier: DossierInfo;
  /** The source's clock during the step (UTC ISO-8601, the ledger's time, not the machine's); markers of records it writes now. */
  clock: ChangeMarker;
  /**
   * Every record the source holds, with its marker: a silent put keeps the record's previous
   * marker. Entries that the adapter itself wrote (pushed proposals) are included, as push() returned
   * them (the package's ids), with the step's time as their marker.
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

/** A field of an entity the package does not keep, with the reason the report and the certificate show. */
export interface DeclaredLoss {
  entity: EntityName;
  /** The model's field (`lines.description`, `description`). */
  field: string;
  reason: string;
}

/**
 * How the package holds a ledger when it does not hold it as written: its own ids (an id map for
 * generated or integer keys), what it derives (periods from fiscal years), and the fields it loses.
 * The suite compares the platform with `hold(state)`; the money must not change (trial balance and
 * open items equal the ledger's own figures, up to the package's ids), else the run is refused.
 */
export interface LedgerHolding {
  readonly losses: readonly DeclaredLoss[];
  /** The state as the adapter will read it back from the package: ids mapped, derived records, lost fields gone. */
  hold(state: SourceState): SourceSnapshot;
}

/**
 * Thrown by `materialise` for a step the package cannot express at all (a period it cannot hold):
 * the suite skips that step with the reason, naming step, entity and id, and goes on. Plugins may
 * throw their own class with the same `code`: the suite matches on the code.
 */
export class StepNotExpressibleError extends LedgersyncError {
  static readonly CODE = 'STEP_NOT_EXPRESSIBLE';
  constructor(readonly step: number, readonly entity: EntityName, readonly id: string, readonly reason: string) {
    super(StepNotExpressibleError.CODE, `step ${step}, ${entity} ${id}: ${reason}`);
  }
}

/** True for a StepNotExpressibleError or any error carrying its code. */
export function isStepNotExpressible(error: unknown): error is { code: string; step?: number; entity?: EntityName; id?: string; reason?: string; message: string } {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === StepNotExpressibleError.CODE;
}

/**
 * Each adapter package provides one: it materialises recorded-ledger states in the adapter's own
 * backend (rows in its tables, a file, HTTP responses as nock cassettes).
 */
export interface FixtureDriver {
  readonly limitations: DriverLimitations;
  /** Which package and which backend this driver stands for (named in the report and the certificate). */
  readonly describes?: { package: string; backend: string };
  /** How the package holds a ledger, when not exactly as written. */
  readonly holding?: LedgerHolding;
  /** Prepares an empty backend for one ledger; returns the adapter configuration that reaches it. */
  setUp(ledger: RecordedLedger): Promise<Record<string, unknown>>;
  /** Makes the backend hold exactly `state` (markers included), replacing what it held. Throws StepNotExpressibleError for a step the package cannot hold. */
  materialise(state: SourceState): Promise<void>;
  /** Removes everything `setUp` created. The suite closes every adapter it opened on the backend first. */
  tearDown(): Promise<void>;
}
