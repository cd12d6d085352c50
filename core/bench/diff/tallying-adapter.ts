import { ExtractionAdapter } from '@ledgersync/sdk';

/** Per adapter method: calls made and items listed. What the engine asked of the source, to explain its cost. */
export type CallTally = Record<string, { calls: number; items: number }>;

/** Wraps an adapter and tallies its listings; behaviour unchanged. */
export function tallying(adapter: ExtractionAdapter, tally: CallTally): ExtractionAdapter {
  const count = (method: string) => (tally[method] ??= { calls: 0, items: 0 });
  const listing = <A extends unknown[], T>(method: string, list: ((...args: A) => AsyncIterable<T>) | undefined) =>
    list &&
    async function* (...args: A): AsyncIterable<T> {
      count(method).calls += 1;
      for await (const item of list.apply(adapter, args)) {
        count(method).items += 1;
        yield item;
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
  return Object.entries(tally).map(([method, t]) => `${method}: ${t.calls} calls, ${t.items} items`).join('; ');
}
