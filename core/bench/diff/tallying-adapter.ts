import { ExtractionAdapter } from '@ledgersync/sdk';

/** Per adapter method: calls made, items listed, and time spent waiting on the source. */
export type CallTally = Record<string, { calls: number; items: number; ms: number }>;

/**
 * Wraps an adapter and tallies its listings, behaviour unchanged: what the engine asked of the
 * source, and how much of a sync's wall time the source took (the rest is the engine's).
 */
export function tallying(adapter: ExtractionAdapter, tally: CallTally): ExtractionAdapter {
  const listing = <A extends unknown[], T>(method: string, list: ((...args: A) => AsyncIterable<T>) | undefined) =>
    list &&
    async function* (...args: A): AsyncIterable<T> {
      const entry = (tally[method] ??= { calls: 0, items: 0, ms: 0 });
      entry.calls += 1;
      const iterator = list.apply(adapter, args)[Symbol.asyncIterator]();
      for (;;) {
        const started = performance.now();
        const next = await iterator.next();
        entry.ms += performance.now() - started;
        if (next.done) return;
        entry.items += 1;
        yield next.value;
      }
    };
  return {
    capabilities: () => adapter.capabilities(),
    listDossiers: listing('listDossiers', adapter.listDossiers)!,
    read: listing('read', adapter.read) as ExtractionAdapter['read'],
    keys: listing('keys', adapter.keys),
    digests: listing('digests', adapter.digests),
    deletedSince: listing('deletedSince', adapter.deletedSince),
    probe: adapter.probe?.bind(adapter),
    close: () => adapter.close(),
  };
}

export function describeTally(tally: CallTally): string {
  return Object.entries(tally).map(([method, t]) => `${method}: ${t.calls} calls, ${t.items} items, ${(t.ms / 1000).toFixed(1)} s in the source`).join('; ');
}
