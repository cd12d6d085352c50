import { SourceRowError } from '../errors';
import { SourceRow } from './source';

/**
 * Reading typed values out of tedious rows. A value of the wrong kind means the SQL and the code
 * disagree (not bad data), so it raises an error naming entity, record and field.
 */
export class RowReader {
  constructor(private readonly entity: string, private readonly id: string, private readonly row: SourceRow) {}

  text(column: string): string {
    const value = this.row[column];
    if (typeof value !== 'string') throw new SourceRowError(this.entity, this.id, column, `expected text, got ${typeof value}`);
    return value;
  }

  /** Text, or undefined when BC holds its blank (BC columns are NOT NULL: '' means "not set"). */
  optionalText(column: string): string | undefined {
    const value = this.row[column];
    if (value === null || value === undefined) return undefined;
    const text = this.text(column);
    return text === '' ? undefined : text;
  }

  integer(column: string): number {
    const value = this.row[column];
    const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new SourceRowError(this.entity, this.id, column, `expected an integer within ±2^53, got ${typeof value === 'string' ? value : typeof value}`);
    return n;
  }

  /** An integer, or undefined for NULL (an outer join that found nothing: the engine reports it). */
  optionalInteger(column: string): number | undefined {
    const value = this.row[column];
    return value === null || value === undefined ? undefined : this.integer(column);
  }

  /** `YYYY-MM-DD`: SQL returns it as text; a Date (tedious, useUTC) is accepted too. */
  date(column: string): string {
    const value = this.row[column];
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return this.text(column).trimEnd();
  }

  optionalDate(column: string): string | undefined {
    const value = this.row[column];
    return value === null || value === undefined ? undefined : this.date(column);
  }
}

/** Removes the unset fields of a freshly built object, so an absent field stays absent (the model tells them apart). In place: this runs per G/L line. */
export function definedOnly<T extends object>(value: T): T {
  const fields = value as Record<string, unknown>;
  for (const key in fields) if (fields[key] === undefined) delete fields[key];
  return value;
}
