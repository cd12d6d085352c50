import { EntityName, LedgersyncError } from '@ledgersync/sdk';

/** Stable codes of the diff engine's errors. */
export const EngineErrorCode = {
  AdapterFailed: 'ENGINE_ADAPTER_FAILED',
  SourceOrder: 'ENGINE_SOURCE_OUT_OF_ORDER',
  SourceEnvelope: 'ENGINE_SOURCE_ENVELOPE_INVALID',
  ReceiverFailed: 'ENGINE_RECEIVER_FAILED',
  Aborted: 'ENGINE_SYNC_ABORTED',
  InvalidOption: 'ENGINE_INVALID_OPTION',
} as const;

function codeOf(cause: unknown): string {
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unknown';
}

/** An adapter call failed: names the call, dossier and entity; the adapter's own error (and code) is the cause. */
export class AdapterCallError extends LedgersyncError {
  constructor(readonly call: string, readonly dossierId: string, readonly entity: EntityName | undefined, cause: unknown) {
    super(
      EngineErrorCode.AdapterFailed,
      `adapter ${call} failed for dossier ${dossierId}${entity ? `, entity ${entity}` : ''} (${codeOf(cause)}: ${(cause as Error)?.message ?? String(cause)})`,
      { cause },
    );
  }

  /** The adapter's error code, e.g. ADAPTER_CONNECTION_FAILED. */
  get adapterCode(): string {
    return codeOf(this.cause);
  }
}

/** A listing broke its documented order: merging it with the state store would be wrong, so the sync stops. */
export class SourceOrderError extends LedgersyncError {
  constructor(readonly dossierId: string, readonly entity: EntityName, previous: string, next: string) {
    super(EngineErrorCode.SourceOrder, `dossier ${dossierId}, entity ${entity}: listing gave id ${JSON.stringify(next)} after ${JSON.stringify(previous)}; listings must be in id order`);
  }
}

/** The receiver failed or answered wrongly; what it acknowledged before stays acknowledged, and the next sync resumes. */
export class ReceiverError extends LedgersyncError {
  constructor(readonly call: string, readonly dossierId: string, readonly changesetId: string, detail: string, cause?: unknown) {
    super(EngineErrorCode.ReceiverFailed, `receiver ${call} failed for dossier ${dossierId}, changeset ${changesetId}: ${detail}`, { cause });
  }
}

/** The sync was aborted through its signal; acknowledged pages are kept and the next sync resumes. */
export class SyncAbortedError extends LedgersyncError {
  constructor(readonly dossierId: string, readonly changesetId: string, readonly lastAcknowledged: number) {
    super(EngineErrorCode.Aborted, `sync of dossier ${dossierId} aborted after page ${lastAcknowledged} of changeset ${changesetId}`);
  }
}

export class EngineOptionError extends LedgersyncError {
  constructor(readonly option: string, detail: string) {
    super(EngineErrorCode.InvalidOption, `option ${option}: ${detail}`);
  }
}
