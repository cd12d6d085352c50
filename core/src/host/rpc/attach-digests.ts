import { rememberDigest } from '../../engine/record-digest';

// The host's half of read-digests.ts: the digests a `read` batch carried, handed to the engine with its records.

const DIGEST = /^[0-9a-f]{64}$/;

/**
 * Host: remembers each digest for its decoded envelope. What came from the plugin process is
 * untrusted in form: a list that is not a string of as many places as the batch has records, or a
 * place that is not 64 hex digits, gives nothing, and the engine computes those digests itself.
 */
export function attachReadDigests(items: unknown[], digests: unknown): void {
  if (typeof digests !== 'string') return;
  const places = digests.split(',');
  if (places.length !== items.length) return;
  places.forEach((digest, i) => {
    const item = items[i];
    if (typeof item === 'object' && item !== null && DIGEST.test(digest)) rememberDigest(item, digest);
  });
}
