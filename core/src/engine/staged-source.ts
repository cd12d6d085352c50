import { bucketOf, canonicalFingerprint, contentDigest, EntityName, isFingerprint, SourceRecord } from '@ledgersync/sdk';
import { StagedRow, StateRow } from '../state';

/**
 * A source record as the state store keeps it: its JSON as the source gave it (lines in the
 * source's order, so that errors name the same `items[i]` as `validState`), its content digest
 * (sdk `contentDigest`: canonical, so a reordering is no change), the adapter's fingerprint (or the
 * canonical one when the adapter gives none) and the id's 32-bit bucket hash.
 */
export function stagedFromSource(entity: EntityName, source: SourceRecord): StagedRow {
  const recordJson = JSON.stringify(source.record) ?? 'null';
  return {
    entity,
    id: source.id,
    origin: 'source',
    bucket: bucketOf(source.id, 32),
    fingerprint: isFingerprint(source.fingerprint) ? source.fingerprint : canonicalFingerprint(entity, source.record),
    marker: source.marker,
    digest: contentDigest(entity, source.record),
    recordJson,
  };
}

export function stagedGone(entity: EntityName, id: string): StagedRow {
  return { entity, id, origin: 'gone', bucket: null, fingerprint: null, marker: null, digest: null, recordJson: null };
}

/** A record the state holds, staged again only to be revalidated. */
export function stagedCascade(row: StateRow): StagedRow {
  return {
    entity: row.entity,
    id: row.id,
    origin: 'cascade',
    bucket: row.bucket,
    fingerprint: row.fingerprint,
    marker: row.marker,
    digest: row.digest,
    recordJson: row.recordJson,
  };
}

/** True when what the source shows differs from the state in content, fingerprint or marker. */
export function differs(staged: StagedRow, state: StateRow | undefined): boolean {
  return !state || staged.digest !== state.digest || staged.fingerprint !== state.fingerprint || staged.marker !== state.marker;
}
