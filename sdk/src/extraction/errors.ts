import { LedgersyncError } from '../errors';

/** Stable codes of the errors adapters raise. */
export const AdapterErrorCode = {
  Configuration: 'ADAPTER_CONFIGURATION_INVALID',
  Connection: 'ADAPTER_CONNECTION_FAILED',
  UnknownDossier: 'ADAPTER_UNKNOWN_DOSSIER',
  Unsupported: 'ADAPTER_UNSUPPORTED',
  ProposalRejected: 'ADAPTER_PROPOSAL_REJECTED',
  RateLimited: 'ADAPTER_RATE_LIMITED',
  Source: 'ADAPTER_SOURCE_ERROR',
  FullResyncRequired: 'ADAPTER_FULL_RESYNC_REQUIRED',
} as const;
export type AdapterErrorCode = (typeof AdapterErrorCode)[keyof typeof AdapterErrorCode];

/** Base class of adapter errors. Messages never contain secrets: name the field, not its value. */
export class AdapterError extends LedgersyncError {
  constructor(code: AdapterErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** A configuration value is wrong: names the field (`password`, `company`), never its value. */
export class AdapterConfigurationError extends AdapterError {
  constructor(readonly field: string, detail: string, options?: { cause?: unknown }) {
    super(AdapterErrorCode.Configuration, `field ${field}: ${detail}`, options);
  }
}

/** The source could not be reached, or refused the credentials of `field`. */
export class AdapterConnectionError extends AdapterError {
  constructor(detail: string, readonly field?: string, options?: { cause?: unknown }) {
    super(AdapterErrorCode.Connection, field ? `field ${field}: ${detail}` : detail, options);
  }
}

export class UnknownDossierError extends AdapterError {
  constructor(readonly dossierId: string) {
    super(AdapterErrorCode.UnknownDossier, `dossier ${dossierId} is not in this source`);
  }
}

/** The adapter was asked for something its capabilities do not declare. */
export class UnsupportedOperationError extends AdapterError {
  constructor(operation: string) {
    super(AdapterErrorCode.Unsupported, `this adapter does not offer ${operation}`);
  }
}

/** A booking proposal the package cannot take, naming the dossier, proposal and field. */
export class ProposalRejectedError extends AdapterError {
  constructor(readonly dossierId: string, readonly proposalId: string, readonly field: string, detail: string) {
    super(AdapterErrorCode.ProposalRejected, `dossier ${dossierId}, proposal ${proposalId}, field ${field}: ${detail}`);
  }
}

/** The source's rate limit forbids the call; `retryAfterMs` when the source says when to come back. */
export class RateLimitedError extends AdapterError {
  constructor(detail: string, readonly retryAfterMs?: number) {
    super(AdapterErrorCode.RateLimited, detail);
  }
}

/**
 * The source can no longer say what changed since the marker it was given (a SQL Server change
 * tracking version older than the retention, an API's sync token expired): the engine reads the
 * entities concerned in full instead. Throw it before the listing yields any record.
 */
export class FullResyncRequiredError extends AdapterError {
  readonly fullResyncRequired = true;
  constructor(detail: string) {
    super(AdapterErrorCode.FullResyncRequired, detail);
  }
}

/** True for an error (or the cause of one) that asks for a full read instead of a change listing. */
export function demandsFullResync(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if ((current as { code?: unknown }).code === AdapterErrorCode.FullResyncRequired) return true;
  }
  return false;
}
