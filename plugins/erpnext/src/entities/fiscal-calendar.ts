import { FiscalYear, Period } from '@ledgersync/sdk';
import { dateSql, fingerprintSql } from '../sql/digest-sql';
import { EntityMapping, Scope, SqlValue } from './mapping';

/** The date up to which the company's books are frozen: v16+ on Company, before in Accounts Settings. */
export function frozenTillSql(scope: Scope, company = 'c'): string {
  return scope.facts.companyFrozenDate
    ? `${company}.accounts_frozen_till_date`
    : `(SELECT CAST(s.value AS DATE) FROM \`tabSingles\` s WHERE s.doctype = 'Accounts Settings' AND s.field = 'acc_frozen_upto')`;
}

/**
 * The enabled fiscal years of the company: those its `Fiscal Year Company` rows name, and those that name
 * no company at all (ERPNext's "applies to every company"). Binds the company once.
 */
function companyYearsSql(scope: Scope, year = 'fy'): { sql: string; bindings: SqlValue[] } {
  // a disabled Fiscal Year (fiscal_year.json `disabled`) is one ERPNext no longer offers nor posts to
  if (!scope.facts.fiscalYearCompany) return { sql: ` WHERE ${year}.disabled = 0`, bindings: [] };
  return {
    sql: ` WHERE ${year}.disabled = 0 AND (NOT EXISTS (SELECT 1 FROM \`tabFiscal Year Company\` fc WHERE fc.parent = ${year}.name)
      OR EXISTS (SELECT 1 FROM \`tabFiscal Year Company\` fc WHERE fc.parent = ${year}.name AND fc.company = ?))`,
    bindings: [scope.company],
  };
}

/** Closed when the books are frozen through `endColumn`: ERPNext's own notion of a closed period. */
function closedSql(scope: Scope, endColumn: string): string {
  const frozen = frozenTillSql(scope);
  return `(${frozen} IS NOT NULL AND ${endColumn} <= ${frozen})`;
}

/** `tabFiscal Year` as fiscal years. A fiscal year's marker also moves when the company's frozen date does. */
export const fiscalYears: EntityMapping<'fiscalYear'> = {
  entity: 'fiscalYear',
  sql(scope) {
    const closed = closedSql(scope, 'fy.year_end_date');
    const years = companyYearsSql(scope);
    return {
      select: `SELECT fy.name AS id, GREATEST(fy.modified, c.modified) AS modified,
        ${dateSql('fy.year_start_date')} AS start, ${dateSql('fy.year_end_date')} AS end, ${closed} AS closed,
        ${fingerprintSql(['fy.name', 'fy.year_start_date', 'fy.year_end_date', closed])} AS fp
        FROM \`tabFiscal Year\` fy JOIN \`tabCompany\` c ON c.name = ?${years.sql}`,
      bindings: [scope.company, ...years.bindings],
    };
  },
  toRecord(row): FiscalYear {
    return { id: String(row.id), start: String(row.start), end: String(row.end), status: Number(row.closed) ? 'closed' : 'open' };
  },
};

/**
 * ERPNext has no booking periods: they are derived as the calendar months of each fiscal year
 * (numbered 1, 2, … from the year's start, more than 12 for an extended year; the first and last
 * month clipped to the year's dates), with id `YYYY-MM`. A month is closed when the company's
 * books are frozen through its last day.
 */
export const periods: EntityMapping<'period'> = {
  entity: 'period',
  sql(scope) {
    const end = 'LEAST(LAST_DAY(m.start), m.fy_end)';
    const closed = closedSql(scope, end);
    const years = companyYearsSql(scope);
    return {
      with: `WITH RECURSIVE ls_months AS (
          SELECT fy.name AS fiscal_year, fy.year_end_date AS fy_end, fy.modified AS modified, 1 AS number, fy.year_start_date AS start
          FROM \`tabFiscal Year\` fy${years.sql}
          UNION ALL
          SELECT fiscal_year, fy_end, modified, number + 1, DATE_ADD(LAST_DAY(start), INTERVAL 1 DAY)
          FROM ls_months WHERE LAST_DAY(start) < fy_end)`,
      select: `SELECT DATE_FORMAT(m.start, '%Y-%m') AS id, GREATEST(m.modified, c.modified) AS modified, m.fiscal_year AS fiscal_year,
        m.number AS number, ${dateSql('m.start')} AS start, ${dateSql(end)} AS end, ${closed} AS closed,
        ${fingerprintSql(["DATE_FORMAT(m.start, '%Y-%m')", 'm.fiscal_year', 'm.number', 'm.start', end, closed])} AS fp
        FROM ls_months m JOIN \`tabCompany\` c ON c.name = ?`,
      bindings: [...years.bindings, scope.company],
    };
  },
  toRecord(row): Period {
    return {
      id: String(row.id),
      fiscalYearId: String(row.fiscal_year),
      number: Number(row.number),
      start: String(row.start),
      end: String(row.end),
      status: Number(row.closed) ? 'closed' : 'open',
    };
  },
};
