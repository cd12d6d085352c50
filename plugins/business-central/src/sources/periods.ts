import { FiscalYear, Period } from '@ledgersync/sdk';
import { EntitySource, isoDate } from './source';
import { RowReader } from './values';

/**
 * Accounting Period rows, one per period start; `New Fiscal Year` marks the first period of a
 * year. BC stores no end dates: a period ends the day before the next one starts, and the last
 * period (no successor) is taken to be a calendar month. Ids are the starting dates (`YYYY-MM-DD`).
 * BC has no opening period, so numbers start at 1.
 *
 * Report 93 "Create Fiscal Year" inserts NoOfPeriods + 1 rows: the last, with `New Fiscal Year`,
 * is the next year's first period, there to bound the year just created (BC's own
 * GetFiscalYearEndDate takes its Starting Date - 1). A `New Fiscal Year` row with no row after it
 * is that boundary: it ends the year before and is neither a year nor a period of its own.
 */
const PERIODS_WITH_YEAR = `SELECT p.[Starting Date] AS start_dt, p.[timestamp] AS ts, p.[Closed] AS closed, p.[New Fiscal Year] AS new_year,
  LEAD(p.[Starting Date]) OVER (ORDER BY p.[Starting Date]) AS next_start,
  MAX(CASE WHEN p.[New Fiscal Year] = 1 THEN p.[Starting Date] END) OVER (ORDER BY p.[Starting Date] ROWS UNBOUNDED PRECEDING) AS year_start
  FROM ?? p`;

export const periodSource: EntitySource<'period'> = {
  entity: 'period',
  content: ['fiscal_year_id', 'number', 'start_date', 'end_date', 'status'],
  rows: ({ db, tables }) =>
    db.raw(
      `SELECT ${isoDate('n.start_dt')} AS id, n.ts, 0 AS seq, ${isoDate('n.year_start')} AS fiscal_year_id, n.number,
  ${isoDate('n.start_dt')} AS start_date, ${isoDate('COALESCE(DATEADD(day, -1, n.next_start), EOMONTH(n.start_dt))')} AS end_date,
  CASE WHEN n.closed = 1 THEN 'closed' ELSE 'open' END AS status
  FROM (SELECT y.*, ROW_NUMBER() OVER (PARTITION BY y.year_start ORDER BY y.start_dt) AS number FROM (${PERIODS_WITH_YEAR}) y) n
  WHERE NOT (n.new_year = 1 AND n.next_start IS NULL)`,
      [tables.ref(db, 'accountingPeriod')],
    ),
  toRecord(id, [row]): Period {
    const read = new RowReader('period', id, row);
    return {
      id,
      // a period before the first `New Fiscal Year` row has no year: passed on, the engine reports it
      fiscalYearId: read.optionalDate('fiscal_year_id') as string,
      number: read.integer('number'),
      start: read.date('start_date'),
      end: read.date('end_date'),
      status: read.text('status') as Period['status'],
    };
  },
};

/**
 * Fiscal years: the `New Fiscal Year` rows; a year ends the day before the next one starts, the
 * last one with its last period. BC's Close Year marks every period of the year `Closed`, so a
 * year is closed when none of its periods is open (one closed period leaves the year open).
 */
export const fiscalYearSource: EntitySource<'fiscalYear'> = {
  entity: 'fiscalYear',
  content: ['start_date', 'end_date', 'status'],
  rows: ({ db, tables }) => {
    const periods = tables.ref(db, 'accountingPeriod');
    return db.raw(
      `SELECT ${isoDate('y.start_dt')} AS id, y.ts, 0 AS seq, ${isoDate('y.start_dt')} AS start_date,
  ${isoDate('COALESCE(DATEADD(day, -1, y.next_year), y.last_end)')} AS end_date,
  CASE WHEN EXISTS (SELECT 1 FROM ?? o WHERE o.[Closed] = 0 AND o.[Starting Date] >= y.start_dt AND (y.next_year IS NULL OR o.[Starting Date] < y.next_year))
    THEN 'open' ELSE 'closed' END AS status
  FROM (SELECT p.[Starting Date] AS start_dt, p.[timestamp] AS ts,
    LEAD(p.[Starting Date]) OVER (ORDER BY p.[Starting Date]) AS next_year,
    (SELECT EOMONTH(MAX(q.[Starting Date])) FROM ?? q WHERE q.[Starting Date] >= p.[Starting Date]) AS last_end
    FROM ?? p WHERE p.[New Fiscal Year] = 1) y
  WHERE y.next_year IS NOT NULL OR EXISTS (SELECT 1 FROM ?? later WHERE later.[Starting Date] > y.start_dt)`,
      [periods, periods, periods, periods],
    );
  },
  toRecord(id, [row]): FiscalYear {
    const read = new RowReader('fiscalYear', id, row);
    return { id, start: read.date('start_date'), end: read.date('end_date'), status: read.text('status') as FiscalYear['status'] };
  },
};
