import { ExtractionAdapter, Proposal, SourceRecord } from '@ledgersync/sdk';

/**
 * The adapter as the engine sees it, with its `push` answers noted: proposal id → entry id, which
 * the platform needs to tick proposals off its worklist. Every other call passes straight through.
 */
export function recordingPushes(adapter: ExtractionAdapter): { adapter: ExtractionAdapter; booked: Record<string, string> } {
  const booked: Record<string, string> = {};
  const push = adapter.push?.bind(adapter);
  const wrapped = new Proxy(adapter, {
    get(target, property, receiver) {
      if (property === 'push' && push) {
        return async (dossierId: string, proposal: Proposal): Promise<SourceRecord<'entry'>> => {
          const entry = await push(dossierId, proposal);
          booked[proposal.id] = entry.id;
          return entry;
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { adapter: wrapped, booked };
}
