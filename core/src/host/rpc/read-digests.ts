import { contentDigest, EntityName } from '@ledgersync/sdk';

/**
 * The content digests that travel with a `read` batch: the plugin process hashes each record it
 * sends (it has a core of its own; the host's thread also runs the engine), and the host hands the
 * digests to the engine with the records (engine/record-digest.ts).
 *
 * On the wire: one string, the batch's digests joined by commas, in item order; an empty place
 * where the plugin process left the digest to the host. The host must get exactly the digest it
 * would compute from the record it decodes, so a record is hashed only when it is plain JSON, for
 * which JSON's round trip changes nothing the digest sees (a Date, a `toJSON`, a class instance, a
 * function or an array hole would); anything else is hashed by the host, after decoding.
 */

/** Plugin process: the digests of a `read` batch's records (`items` are the adapter's envelopes). */
export function readBatchDigests(entity: EntityName, items: unknown[]): string {
  return items.map((item) => {
    const record = typeof item === 'object' && item !== null ? (item as { record?: unknown }).record : undefined;
    return typeof record === 'object' && record !== null && isPlainJson(record) ? contentDigest(entity, record) : '';
  }).join(',');
}

/** JSON's own kinds only: null, booleans, numbers, strings, dense arrays and plain objects of them (undefined members, which JSON drops, allowed). */
export function isPlainJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'number':
      return true;
    case 'object': {
      if (value === null) return true;
      const prototype = Object.getPrototypeOf(value);
      if (prototype === Array.prototype) {
        const array = value as unknown[];
        for (let i = 0; i < array.length; i++) if (!(i in array) || array[i] === undefined || !isPlainJson(array[i])) return false;
        return true;
      }
      if ((prototype !== Object.prototype && prototype !== null) || 'toJSON' in value) return false;
      const object = value as Record<string, unknown>;
      for (const key of Object.keys(object)) if (object[key] !== undefined && !isPlainJson(object[key])) return false;
      return true;
    }
    default:
      return false; // undefined, functions, symbols, bigints
  }
}
