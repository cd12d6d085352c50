import { ChangeMarker, compareIds, EntityName, ReadOptions, SourceRecord } from '@ledgersync/sdk';

/** A record as the adapter read it, before it is put in listing order. */
export interface ReadRow {
  id: string;
  marker: ChangeMarker;
  record: unknown;
}

/**
 * Puts rows in the contract's listing order — by (marker, id) when `since` is given, else by id —
 * keeps those at or after `since`, and resumes behind `after`. Exact's sync endpoints return rows
 * in row-version order only, and entries must be grouped from their lines first, so the adapter
 * sorts what it read.
 */
export function* listing<E extends EntityName>(rows: Iterable<ReadRow>, options: ReadOptions = {}): Generator<SourceRecord<E>> {
  const bySince = options.since !== undefined;
  const keyOf = (row: ReadRow) => (bySince ? [row.marker, row.id] : [row.id]);
  let ordered = [...rows];
  if (bySince) ordered = ordered.filter((row) => row.marker >= options.since!);
  ordered.sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
  const after = options.after === undefined ? undefined : parseCursor(options.after);
  for (const row of ordered) {
    const key = keyOf(row);
    if (after && compareKeys(key, after) <= 0) continue;
    yield { id: row.id, marker: row.marker, cursor: JSON.stringify(key), record: row.record as SourceRecord<E>['record'] };
  }
}

function parseCursor(cursor: string): string[] {
  const parsed: unknown = JSON.parse(cursor);
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string')) throw new RangeError(`not a cursor of this adapter: ${cursor}`);
  return parsed as string[];
}

function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareIds(a[i], b[i]);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}
