import { FiscalYear, Period } from '@ledgersync/sdk';
import { calendarDate } from '../odata';
import { FinancialPeriodRow, JournalStatusRow } from './rows';

/** Canonical ids of Exact's periods: `2025-03` for year 2025, period 3; fiscal years by their year. */
export function periodIdOf(year: unknown, period: unknown): string {
  return `${year}-${String(period).padStart(2, '0')}`;
}

export function fiscalYearIdOf(year: unknown): string {
  return String(year);
}

/** `read/financial/JournalStatusByFinancialPeriod` Status of a closed journal period. */
export const JOURNAL_PERIOD_CLOSED = 1;

/**
 * Exact closes a period journal by journal (`read/financial/JournalStatusByFinancialPeriod`):
 * the model's period is closed when every journal Exact lists for it is closed, and open while
 * any is open or none is listed.
 */
export function closedPeriodsOf(rows: Iterable<JournalStatusRow>): Set<string> {
  const open = new Set<string>();
  const listed = new Set<string>();
  for (const row of rows) {
    const id = periodIdOf(row.Year, row.Period);
    listed.add(id);
    if (row.Status !== JOURNAL_PERIOD_CLOSED) open.add(id);
  }
  return new Set([...listed].filter((id) => !open.has(id)));
}

export function periodOf(row: FinancialPeriodRow, closed: ReadonlySet<string>): Period {
  const end = calendarDate(row.EndDate) as string;
  return {
    id: periodIdOf(row.FinYear, row.FinPeriod),
    fiscalYearId: fiscalYearIdOf(row.FinYear),
    number: row.FinPeriod,
    start: calendarDate(row.StartDate) as string,
    end,
    status: closed.has(periodIdOf(row.FinYear, row.FinPeriod)) ? 'closed' : 'open',
  };
}

/** Fiscal years derived from their periods: first start, last end; closed when every period is. */
export function fiscalYearsOf(periods: Iterable<Period>): FiscalYear[] {
  const years = new Map<string, FiscalYear>();
  for (const period of periods) {
    const year = years.get(period.fiscalYearId);
    if (!year) {
      years.set(period.fiscalYearId, { id: period.fiscalYearId, start: period.start, end: period.end, status: period.status });
      continue;
    }
    if (period.start < year.start) year.start = period.start;
    if (period.end > year.end) year.end = period.end;
    if (period.status === 'open') year.status = 'open';
  }
  return [...years.values()];
}
