import { contentDigest, EntityName, SourceRecord } from '@ledgersync/sdk';

/**
 * Content digests worked out before a record reaches the engine. The plugin host's runtime computes
 * them in the plugin's process (a core the host does not use) while the host is behind (read-digests.ts);
 * the engine takes them instead of hashing again on its own thread. Keyed by the envelope object the
 * adapter's listing hands out, so a digest cannot outlive or be mistaken for another record.
 *
 * Trust: a digest computed in the plugin's process is no weaker than the record itself, which the
 * same process produced. It is computed by ledgersync's runtime from the record as sent, not by the
 * adapter, so a wrong adapter fingerprint is still caught by the digest comparison.
 */
const known = new WeakMap<object, string>();

/** Records that `digest` is `contentDigest(entity, source.record)` for this envelope (the record must not change afterwards). */
export function rememberDigest(source: object, digest: string): void {
  known.set(source, digest);
}

/** The digest worked out ahead for this envelope, if any. */
export function knownDigest(source: object): string | undefined {
  return known.get(source);
}

/** The record's content digest: the one worked out ahead when there is one, else computed here. */
export function digestOf(entity: EntityName, source: SourceRecord): string {
  return known.get(source) ?? contentDigest(entity, source.record);
}
