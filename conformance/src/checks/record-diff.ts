import { canonicalJson, canonicalRecord, compareIds, ENTITIES, LedgerState } from '@ledgersync/sdk';

/**
 * Every difference between what the platform holds and what it should hold, one line each,
 * naming entity, id and field: `entry VK-2025-0002: on the platform, but not a valid record of the source (a delete not applied?)`,
 * `counterparty C001, field email: platform (absent), source "info@x.be"`.
 */
export function diffStates(platform: LedgerState, truth: LedgerState): string[] {
  const differences: string[] = [];
  for (const entity of ENTITIES) {
    const held = platform[entity] as Map<string, unknown>;
    const expected = truth[entity] as Map<string, unknown>;
    for (const id of [...expected.keys()].sort(compareIds)) {
      if (!held.has(id)) differences.push(`${entity} ${id}: missing on the platform`);
      else {
        const fields = diffValues(canonicalRecord(entity, held.get(id)), canonicalRecord(entity, expected.get(id)), '');
        for (const field of fields) differences.push(`${entity} ${id}, field ${field}`);
      }
    }
    for (const id of [...held.keys()].sort(compareIds)) {
      if (!expected.has(id)) differences.push(`${entity} ${id}: on the platform, but not a valid record of the source (a delete not applied?)`);
    }
  }
  return differences;
}

/** Paths where two values differ, each with both values: `lines[2].amount: platform 100, source 200`. */
export function diffValues(platform: unknown, source: unknown, path: string): string[] {
  if (canonicalJson(platform) === canonicalJson(source)) return [];
  const bothArrays = Array.isArray(platform) && Array.isArray(source);
  const bothObjects = isObject(platform) && isObject(source);
  if (bothArrays) {
    const a = platform as unknown[];
    const b = source as unknown[];
    if (a.length !== b.length) return [`${path || '(record)'}: platform has ${a.length} items, source ${b.length}`];
    return a.flatMap((item, i) => diffValues(item, b[i], `${path}[${i}]`));
  }
  if (bothObjects) {
    const a = platform as Record<string, unknown>;
    const b = source as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((key) => diffValues(a[key], b[key], path ? `${path}.${key}` : key));
  }
  return [`${path || '(record)'}: platform ${show(platform)}, source ${show(source)}`];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function show(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}
