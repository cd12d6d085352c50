import { LedgersyncError } from '../errors';
import { EntityName } from './entities';

/** Stable codes for records that break the canonical model. */
export const RecordErrorCode = {
  SchemaViolation: 'LEDGER_SCHEMA_VIOLATION',
  InvalidDate: 'LEDGER_INVALID_DATE',
  DuplicateLine: 'LEDGER_DUPLICATE_LINE',
  UnbalancedEntry: 'LEDGER_UNBALANCED_ENTRY',
  MissingReference: 'LEDGER_MISSING_REFERENCE',
  UnbalancedMatching: 'LEDGER_UNBALANCED_MATCHING',
  NotReconcilable: 'LEDGER_MATCHING_NOT_RECONCILABLE',
  SignMismatch: 'LEDGER_MATCHING_SIGN_MISMATCH',
  OverMatched: 'LEDGER_OVER_MATCHED',
  CurrencyAmountSign: 'LEDGER_CURRENCY_AMOUNT_SIGN',
  CurrencyAmountInBookCurrency: 'LEDGER_CURRENCY_AMOUNT_IN_BOOK_CURRENCY',
} as const;
export type RecordErrorCode = (typeof RecordErrorCode)[keyof typeof RecordErrorCode];

/**
 * A record that breaks the model: names the dossier, the entity, the record id and the field.
 * The engine quarantines such a record and reports it; it is never sent, never silently dropped.
 *
 * `LEDGER_UNBALANCED_ENTRY: dossier BE0412345678, entry VK-2025-0002, field lines: lines sum to 1, not 0`
 */
export class RecordError extends LedgersyncError {
  constructor(
    code: RecordErrorCode,
    readonly dossierId: string,
    readonly entity: EntityName,
    readonly recordId: string,
    /** A path into the record: `lines[2].amount`, `journalId`; empty for the record as a whole. */
    readonly field: string,
    readonly detail: string,
  ) {
    super(code, `dossier ${dossierId}, ${entity} ${recordId}${field ? `, field ${field}` : ''}: ${detail}`);
  }

  /** A plain object for reports, quarantine tables and the wire. */
  toJSON(): RecordErrorJson {
    return {
      code: this.code as RecordErrorCode,
      dossierId: this.dossierId,
      entity: this.entity,
      recordId: this.recordId,
      field: this.field,
      message: this.message,
    };
  }
}

export interface RecordErrorJson {
  code: RecordErrorCode;
  dossierId: string;
  entity: EntityName;
  recordId: string;
  field: string;
  message: string;
}
