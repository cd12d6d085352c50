import { LedgersyncError } from '@ledgersync/sdk';

/** Stable codes of what the platform refuses. */
export const PlatformErrorCode = {
  UnknownDossier: 'PLATFORM_UNKNOWN_DOSSIER',
  UnknownTask: 'PLATFORM_UNKNOWN_TASK',
  UnknownChangeset: 'PLATFORM_UNKNOWN_CHANGESET',
  UnknownProposal: 'PLATFORM_UNKNOWN_PROPOSAL',
  ChangesetMismatch: 'PLATFORM_CHANGESET_MISMATCH',
  LeaseLost: 'PLATFORM_LEASE_LOST',
  SequenceGap: 'PLATFORM_SEQUENCE_GAP',
  InvalidField: 'PLATFORM_INVALID_FIELD',
  InvalidOperation: 'PLATFORM_INVALID_OPERATION',
  Unauthorized: 'PLATFORM_UNAUTHORIZED',
  Forbidden: 'PLATFORM_FORBIDDEN',
  TooManyFailures: 'PLATFORM_TOO_MANY_FAILURES',
  NotAssigned: 'PLATFORM_DOSSIER_NOT_ASSIGNED',
  InvalidPage: 'PLATFORM_INVALID_PAGE',
} as const;
export type PlatformErrorCode = (typeof PlatformErrorCode)[keyof typeof PlatformErrorCode];

/** HTTP status each code travels with. */
const STATUS: Record<PlatformErrorCode, number> = {
  PLATFORM_UNKNOWN_DOSSIER: 404,
  PLATFORM_UNKNOWN_TASK: 404,
  PLATFORM_UNKNOWN_CHANGESET: 404,
  PLATFORM_UNKNOWN_PROPOSAL: 404,
  PLATFORM_CHANGESET_MISMATCH: 409,
  PLATFORM_LEASE_LOST: 409,
  PLATFORM_SEQUENCE_GAP: 409,
  PLATFORM_INVALID_FIELD: 400,
  PLATFORM_INVALID_OPERATION: 400,
  PLATFORM_UNAUTHORIZED: 401,
  PLATFORM_FORBIDDEN: 403,
  PLATFORM_TOO_MANY_FAILURES: 429,
  PLATFORM_DOSSIER_NOT_ASSIGNED: 403,
  PLATFORM_INVALID_PAGE: 400,
};

export class PlatformError extends LedgersyncError {
  constructor(code: PlatformErrorCode, detail: string) {
    super(code, detail);
  }

  get status(): number {
    return STATUS[this.code as PlatformErrorCode] ?? 500;
  }
}

/** A field of a request that is wrong: names the dossier (when known) and the field. */
export function invalidField(field: string, detail: string, dossierId?: string): PlatformError {
  return new PlatformError(PlatformErrorCode.InvalidField, `${dossierId ? `dossier ${dossierId}, ` : ''}field ${field}: ${detail}`);
}
