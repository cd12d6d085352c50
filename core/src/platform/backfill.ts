import semver from 'semver';

/** The manifest field that asks for a backfill, as the connector reports it. */
export interface BackfillRequest {
  whenUpgradingFrom: string;
  reason: string;
}

/**
 * Whether moving a dossier from `previous` to `current` adapter version calls for a full sync:
 * only on an upgrade (never on first sight or a downgrade) from a version the manifest's range names.
 */
export function needsBackfill(previous: string | null, current: string, backfill: BackfillRequest | undefined): boolean {
  if (!backfill || previous === null) return false;
  if (!semver.valid(previous) || !semver.valid(current) || !semver.gt(current, previous)) return false;
  return semver.satisfies(previous, backfill.whenUpgradingFrom, { includePrerelease: true });
}
