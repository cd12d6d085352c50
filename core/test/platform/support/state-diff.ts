import { canonicalJson, canonicalRecord, contentDigest, ENTITIES, EntityName, LedgerRecord, LedgerState } from '@ledgersync/sdk';
import { ChangeOperation } from '../../../src/changeset/types';

/**
 * The operations that turn one valid state into another, in the wire order (deletes in reverse
 * dependency order, then upserts in dependency order). Test-only: it lets the store be tested on
 * exact changesets, apart from the engine that normally computes them.
 */
export function operationsBetween(before: LedgerState, after: LedgerState): ChangeOperation[] {
  const operations: ChangeOperation[] = [];
  for (const entity of [...ENTITIES].reverse()) {
    for (const id of before[entity].keys()) if (!after[entity].has(id)) operations.push({ op: 'delete', entity, id });
  }
  for (const entity of ENTITIES) {
    for (const [id, record] of after[entity] as Map<string, LedgerRecord>) {
      const old = before[entity].get(id);
      if (old && same(entity, old, record)) continue;
      operations.push({ op: 'upsert', entity, id, record, digest: contentDigest(entity, record) });
    }
  }
  return operations;
}

export function same(entity: EntityName, a: unknown, b: unknown): boolean {
  return canonicalJson(canonicalRecord(entity, a)) === canonicalJson(canonicalRecord(entity, b));
}

/** Record by record, in a form chai's deep equality compares and prints well. */
export function canonicalStateOf(state: LedgerState): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const entity of ENTITIES) {
    out[entity] = {};
    for (const [id, record] of state[entity] as Map<string, LedgerRecord>) out[entity][id] = canonicalJson(canonicalRecord(entity, record));
  }
  return out;
}

export function pagesOf<T>(items: T[], size: number): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += size) pages.push(items.slice(i, i + size));
  return pages.length > 0 ? pages : [[]];
}
