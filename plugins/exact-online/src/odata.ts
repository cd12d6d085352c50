/**
 * OData v2 values as Exact Online writes them: dates as `/Date(1735689600000)/` (milliseconds
 * since the epoch, UTC), collections as `{ d: { results: [...], __next?: url } }`.
 */
const ODATA_DATE = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/;

/** Milliseconds of an OData date, or undefined when the value is not one. */
export function odataMillis(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = ODATA_DATE.exec(value);
  return match ? Number(match[1]) : undefined;
}

/** `YYYY-MM-DD` of an OData date; a value that is not one is passed on as it is (the engine reports it). */
export function calendarDate(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const millis = odataMillis(value);
  return millis === undefined ? (value as string) : new Date(millis).toISOString().slice(0, 10);
}

export function odataDate(isoDate: string): string {
  const millis = Date.parse(isoDate.length === 10 ? `${isoDate}T00:00:00Z` : isoDate);
  if (Number.isNaN(millis)) throw new RangeError(`not a date: ${isoDate}`);
  return `/Date(${millis})/`;
}

export interface ODataPage<Row> {
  results: Row[];
  next?: string;
}

/** The rows and the next-page link of one OData response body. */
export function parsePage<Row>(body: unknown): ODataPage<Row> | undefined {
  const d = (body as { d?: unknown } | null)?.d;
  if (Array.isArray(d)) return { results: d as Row[] };
  const results = (d as { results?: unknown } | undefined)?.results;
  if (!Array.isArray(results)) return undefined;
  const next = (d as { __next?: unknown }).__next;
  return { results: results as Row[], next: typeof next === 'string' ? next : undefined };
}

/** Text of an optional string field: null, undefined and '' are absent. */
export function optionalText(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  return value as string;
}

/** A code field (account, journal): Exact right-aligns some codes in 18 characters. */
export function codeText(value: unknown): string | undefined {
  const text = optionalText(value);
  return typeof text === 'string' ? text.trim() : text;
}
