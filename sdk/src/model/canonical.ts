import { createHash } from 'node:crypto';
import { EntityName } from './entities';

/**
 * JSON with object keys sorted at every level, arrays kept in order: two records with the same
 * content always serialise to the same bytes, whatever order the source produced their keys in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).filter((key) => object[key] !== undefined).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`).join(',')}}`;
}

/**
 * The record as the platform stores it: entry lines sorted by line number, matching items by
 * entry, line and amount, so that an order the source happens to return does not count as a change.
 * Anything that is not an array of objects is left as it is (a bad record stays visibly bad).
 */
export function canonicalRecord<T>(entity: EntityName, record: T): T {
  if (record === null || typeof record !== 'object') return record;
  const copy = { ...(record as Record<string, unknown>) };
  if (entity === 'entry' && Array.isArray(copy.lines)) {
    copy.lines = [...copy.lines].sort((a, b) => compareBy(a, b, ['line']));
  }
  if (entity === 'matching' && Array.isArray(copy.items)) {
    copy.items = [...copy.items].sort((a, b) => compareBy(a, b, ['entryId', 'line', 'amount']));
  }
  return copy as T;
}

function compareBy(a: unknown, b: unknown, fields: string[]): number {
  for (const field of fields) {
    const x = (a as Record<string, unknown> | null)?.[field];
    const y = (b as Record<string, unknown> | null)?.[field];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/** sha256 (hex) of the canonical record: what the engine compares to decide a record changed. */
export function contentDigest(entity: EntityName, record: unknown): string {
  return createHash('sha256').update(canonicalJson(canonicalRecord(entity, record))).digest('hex');
}
