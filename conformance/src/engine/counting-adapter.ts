import { ExtractionAdapter } from '@ledgersync/sdk';

/** Work done at the source since the last `take`: calls made, and rows, keys, digests and deletions they returned. */
export interface SourceWork {
  calls: number;
  rows: number;
}

/** The listing methods, each a call to the source that streams rows back. */
const LISTINGS = new Set<PropertyKey>(['read', 'keys', 'digests', 'deletedSince']);

/**
 * Wraps the adapter the engine syncs through and counts what it asks of the source: every listing
 * call (read, keys, digests, deletedSince, probe) and every item streamed back. The engine's own
 * figures say what it received, not what it asked for; this is what the night cost the package.
 */
export function countSourceWork(adapter: ExtractionAdapter): { adapter: ExtractionAdapter; take(): SourceWork } {
  let work: SourceWork = { calls: 0, rows: 0 };
  const counted = (iterable: AsyncIterable<unknown>): AsyncIterable<unknown> => ({
    async *[Symbol.asyncIterator]() {
      for await (const item of iterable) {
        work.rows += 1;
        yield item;
      }
    },
  });
  const wrapped = new Proxy(adapter, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      if (LISTINGS.has(property)) {
        return (...args: unknown[]) => {
          work.calls += 1;
          return counted((value as (...a: unknown[]) => AsyncIterable<unknown>).apply(target, args));
        };
      }
      if (property === 'probe') {
        return (...args: unknown[]) => {
          work.calls += 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return value.bind(target);
    },
  });
  return {
    adapter: wrapped,
    take: () => {
      const taken = work;
      work = { calls: 0, rows: 0 };
      return taken;
    },
  };
}
