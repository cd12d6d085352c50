import { Journal, JournalType } from '@ledgersync/sdk';
import { fingerprintSql } from '../sql/digest-sql';
import { VOUCHER_DOCTYPES } from '../schema-facts';
import { EntityMapping, Scope, SqlValue } from './mapping';
import { JOURNAL_TYPE_SQL, journalKeySql, voucherHeadersSql } from './vouchers';

/**
 * ERPNext has no journals (dagboeken). A journal is a naming series: an entry's journal is its
 * voucher's series key (`VK` for `VK-.YYYY.-`). Names and types come from the optional custom
 * doctype `Accounting Journal` (name = series key, journal_name, journal_type); the series in use
 * that it does not name (all of them, without it) are journals too, named after their key, typed after their voucher type (a Bank,
 * Cash, Credit Card or Contra Entry is financial). GL rows of the voucher types without a header
 * we read (Stock Entry, Delivery Note, Period Closing Voucher, Expense Claim, Asset…) have their
 * voucher type as journal (see journalKeySql): those are listed too, typed general.
 */
export const journals: EntityMapping<'journal'> = {
  entity: 'journal',
  sql(scope) {
    const headers = voucherHeadersSql(scope);
    const key = journalKeySql('h', 'h.voucher_type');
    const type = JOURNAL_TYPE_SQL('MIN(h.voucher_type)', 'MIN(h.entry_type)');
    const custom = scope.facts.journalDoctype;
    // with the custom doctype, series it does not name are still journals (a site fills it in part)
    const series = `SELECT ${key} AS id, MAX(h.modified) AS modified, ${key} AS name, ${type} AS type,
        ${fingerprintSql([key, type])} AS fp
        FROM (${headers.sql}) h GROUP BY ${key}${custom ? ' HAVING id NOT IN (SELECT x.name FROM `tabAccounting Journal` x)' : ''}`;
    const others = voucherTypeJournalsSql(scope, `SELECT ${key} FROM (${headers.sql}) h${custom ? ' UNION SELECT x.name FROM `tabAccounting Journal` x' : ''}`);
    const named = custom
      ? `SELECT j.name AS id, j.modified AS modified, j.journal_name AS name, j.journal_type AS type,
          ${fingerprintSql(['j.name', 'j.journal_name', 'j.journal_type'])} AS fp FROM \`tabAccounting Journal\` j UNION ALL `
      : '';
    return {
      select: `${named}${series} UNION ALL ${others.sql}`,
      bindings: [...headers.bindings, ...others.bindings, ...headers.bindings],
    };
  },
  toRecord(row): Journal {
    return { id: String(row.id), name: String(row.name ?? ''), type: String(row.type) as JournalType };
  },
};

/** Journals named after the voucher types of live GL rows that have no header we read, except ids `taken` lists already. */
function voucherTypeJournalsSql(scope: Scope, taken: string): { sql: string; bindings: SqlValue[] } {
  return {
    sql: `SELECT g.voucher_type AS id, MAX(g.modified) AS modified, g.voucher_type AS name, 'general' AS type,
        ${fingerprintSql(['g.voucher_type', "'general'"])} AS fp
      FROM \`tabGL Entry\` g WHERE g.company = ? AND g.is_cancelled = 0
        AND g.voucher_type NOT IN (${VOUCHER_DOCTYPES.map((d) => `'${d}'`).join(', ')}) AND g.voucher_type NOT IN (${taken})
      GROUP BY g.voucher_type`,
    bindings: [scope.company],
  };
}
