import { ENTITIES, EntityName, EntityRecordMap } from './entities';

/** A whole ledger held in memory: per entity, records by id. For tests, replays and small dossiers. */
export type LedgerState = { [E in EntityName]: Map<string, EntityRecordMap[E]> };

export function emptyLedgerState(): LedgerState {
  return {
    fiscalYear: new Map(),
    period: new Map(),
    journal: new Map(),
    account: new Map(),
    counterparty: new Map(),
    entry: new Map(),
    matching: new Map(),
  };
}

/** Record counts per entity, in the shape of a recorded ledger's `expect.counts`. */
export function countRecords(state: LedgerState): Record<EntityName, number> {
  const counts = {} as Record<EntityName, number>;
  for (const entity of ENTITIES) counts[entity] = state[entity].size;
  return counts;
}
