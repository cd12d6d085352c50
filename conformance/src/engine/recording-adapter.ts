import { ExtractionAdapter, Proposal, SourceRecord } from '@ledgersync/sdk';

/**
 * Wraps the adapter under test to keep what `push` returned: the entries (with the ids the package
 * gave them) that the suite adds to its own truth. Everything else passes through untouched.
 */
export function recordPushes(adapter: ExtractionAdapter): { adapter: ExtractionAdapter; take(): SourceRecord<'entry'>[] } {
  let pushed: SourceRecord<'entry'>[] = [];
  const push = async (dossierId: string, proposal: Proposal): Promise<SourceRecord<'entry'>> => {
    const record = await adapter.push!(dossierId, proposal);
    pushed.push(record);
    return record;
  };
  const wrapped = new Proxy(adapter, {
    get(target, property) {
      if (property === 'push' && target.push) return push;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    adapter: wrapped,
    take: () => {
      const taken = pushed;
      pushed = [];
      return taken;
    },
  };
}
