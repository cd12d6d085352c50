import { bucketOf, canonicalFingerprint, EntityName, isFingerprint, SourceRecord } from '@ledgersync/sdk';
import { StagedRow, StateKeyRow, StateRow } from '../state';
import { digestOf } from './record-digest';

/**
 * A source record as the state store keeps it: its JSON as the source gave it (lines in the
 * source's order, so that errors name the same `items[i]` as `validState`), its content digest
 * (sdk `contentDigest`: canonical, so a reordering is no change; see record-digest.ts for digests
 * worked out in a plugin's process), the adapter's fingerprint (or the
 * canonical one when the adapter gives none) and the id's 32-bit bucket hash.
 */
export function stagedFromSource(entity: EntityName, source: SourceRecord, fingerprint = fingerprintOf(entity, source), digest = digestOf(entity, source)): StagedRow {
  const recordJson = JSON.stringify(source.record) ?? 'null';
  return { entity, id: source.id, origin: 'source', bucket: bucketOf(source.id, 32), fingerprint, marker: source.marker, digest, recordJson };
}

/**
 * The source record staged when it differs from the state in marker, fingerprint or content
 * (in that order: the cheap comparisons first), else undefined. Its JSON and bucket are worked out
 * only for a staged record: a full read of an unchanged dossier compares digests and nothing more.
 */
export function stagedIfChanged(entity: EntityName, source: SourceRecord, state: StateKeyRow | undefined): StagedRow | undefined {
  if (!state || source.marker !== state.marker) return stagedFromSource(entity, source);
  const fingerprint = fingerprintOf(entity, source);
  if (fingerprint !== state.fingerprint) return stagedFromSource(entity, source, fingerprint);
  const digest = digestOf(entity, source);
  return digest === state.digest ? undefined : stagedFromSource(entity, source, fingerprint, digest);
}

/** The adapter's fingerprint, or the canonical one when it gives none. */
function fingerprintOf(entity: EntityName, source: SourceRecord): string {
  return isFingerprint(source.fingerprint) ? source.fingerprint : canonicalFingerprint(entity, source.record);
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

