/** True when `value` is `YYYY-MM-DD` and names a day that exists (no 2025-02-30). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The date fields of each entity that must be real calendar dates. */
export const DATE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  fiscalYear: ['start', 'end'],
  period: ['start', 'end'],
  entry: ['date', 'dueDate'],
  matching: ['date'],
};
