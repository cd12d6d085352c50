import { FiscalYear, Period, Status } from '@ledgersync/sdk';
import { calendarDate } from '../odata';
import { FinancialPeriodRow } from './rows';

/** Canonical ids of Exact's periods: `2025-03` for year 2025, period 3; fiscal years by their year. */
export function periodIdOf(year: unknown, period: unknown): string {
  return `${year}-${String(period).padStart(2, '0')}`;
}

export function fiscalYearIdOf(year: unknown): string {
  return String(year);
}

/**
 * Exact's API exposes no closing status for periods, so the connection says through which date
 * the books are closed (`closedThrough`): a period ending on or before it is closed.
 */
export function statusOf(end: string, closedThrough?: string): Status {
  return closedThrough !== undefined && end <= closedThrough ? 'closed' : 'open';
}

export function periodOf(row: FinancialPeriodRow, closedThrough?: string): Period {
  const end = calendarDate(row.EndDate) as string;
  return {
    id: periodIdOf(row.FinYear, row.FinPeriod),
    fiscalYearId: fiscalYearIdOf(row.FinYear),
    number: row.FinPeriod,
    start: calendarDate(row.StartDate) as string,
    end,
    status: statusOf(end, closedThrough),
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
