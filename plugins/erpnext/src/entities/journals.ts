import { Journal, JournalType } from '@ledgersync/sdk';
import { fingerprintSql } from '../sql/digest-sql';
import { EntityMapping } from './mapping';
import { JOURNAL_TYPE_SQL, journalKeySql, voucherHeadersSql } from './vouchers';

/**
 * ERPNext has no journals (dagboeken). A journal is a naming series: an entry's journal is its
 * voucher's series key (`VK` for `VK-.YYYY.-`). Names and types come from the optional custom
 * doctype `Accounting Journal` (name = series key, journal_name, journal_type); without it the
 * journals are the series in use, named after their key, typed after their voucher type (a Bank,
 * Cash, Credit Card or Contra Entry is financial).
 */
export const journals: EntityMapping<'journal'> = {
  entity: 'journal',
  sql(scope) {
    if (scope.facts.journalDoctype) {
      return {
        select: `SELECT j.name AS id, j.modified AS modified, j.journal_name AS name, j.journal_type AS type,
          ${fingerprintSql(['j.name', 'j.journal_name', 'j.journal_type'])} AS fp FROM \`tabAccounting Journal\` j`,
        bindings: [],
      };
    }
    const headers = voucherHeadersSql(scope);
    const key = journalKeySql('h', 'h.voucher_type');
    const type = JOURNAL_TYPE_SQL('MIN(h.voucher_type)', 'MIN(h.entry_type)');
    return {
      select: `SELECT ${key} AS id, MAX(h.modified) AS modified, ${key} AS name, ${type} AS type,
        ${fingerprintSql([key, type])} AS fp
        FROM (${headers.sql}) h GROUP BY ${key}`,
      bindings: headers.bindings,
    };
  },
  toRecord(row): Journal {
    return { id: String(row.id), name: String(row.name ?? ''), type: String(row.type) as JournalType };
  },
};
